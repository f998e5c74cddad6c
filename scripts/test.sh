#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: install what is missing, then
# lint, typecheck, migrations check, unit + emulator tests, production build, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

started=$(date +%s)
step() { printf '\n\033[1m▶ %s\033[0m (%ss)\n' "$1" "$(($(date +%s) - started))"; }

step "npm install"
npm install --no-audit --no-fund --loglevel=error
step "browser for the e2e tests"
bash scripts/install-browser.sh
step "prisma client"
npm run --silent db:generate
step "lint"
npm run --silent lint
step "typecheck"
npm run --silent typecheck
step "migrations match the schema"
npm run --silent db:check
step "unit and emulator tests"
npm run --silent test:unit
step "production build"
npm run --silent build
step "no secrets in the client bundle"
bash scripts/check-client-bundle.sh
step "end-to-end tests (sharing strategy: organization)"
SHARING_STRATEGY=organization npm run --silent test:e2e
step "end-to-end tests that depend on the sharing strategy (connect-clone)"
SHARING_STRATEGY=connect-clone npm run --silent test:e2e -- \
  e2e/checkout.spec.ts e2e/webhooks.spec.ts e2e/account.spec.ts e2e/fuzz.spec.ts
step "all green"
