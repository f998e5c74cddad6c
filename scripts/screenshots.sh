#!/usr/bin/env bash
# Rewrites the README's pictures (docs/screenshots/): a production build, then only
# the e2e tests tagged @readme-screenshots, in the organization strategy.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/install-browser.sh
SKIP_BUILD_TYPECHECK=1 npm run --silent build
SHARING_STRATEGY=organization E2E_README_SCREENSHOTS=1 npx playwright test --grep @readme-screenshots
git status --short docs/screenshots 2>/dev/null || true
