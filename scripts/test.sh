#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: install what is missing, then
# lint, typecheck, production build, migrations check, unit + emulator tests (the
# integration tests on SQLite and on PostgreSQL), e2e (the flows in both strategies,
# one on SQLite, the other on PostgreSQL), and two app instances on one PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/cache.sh

started=$(date +%s)
step_names=()
step_starts=()
step() {
  step_names+=("$1")
  step_starts+=("$(date +%s)")
  printf '\n\033[1m▶ %s\033[0m (%ss)\n' "$1" "$(($(date +%s) - started))"
}
# Where the time went, step by step: printed at the end of every run, green or not.
time_per_step() {
  local i end next name
  end=$(date +%s)
  printf '\nTime per step (%s s in all):\n' "$((end - started))"
  for i in "${!step_names[@]}"; do
    next=${step_starts[i + 1]:-$end}
    name=${step_names[i]%%[;(:]*}
    printf '%6s s  %s\n' "$((next - step_starts[i]))" "${name%"${name##*[! ]}"}"
  done
}
# A failing step ends the run: stop whatever still runs beside it.
trap 'time_per_step; jobs -p | xargs -r kill 2>/dev/null || true' EXIT
# Runs a command with its output lines tagged, for steps that run side by side.
prefixed() { # name command...
  local name=$1
  shift
  "$@" 2>&1 | sed -u "s/^/[$name] /"
}
# Waits for every background step, names each that failed, and fails if any did.
wait_all() { # "name:pid"...
  local entry failed=0
  for entry in "$@"; do
    wait "${entry##*:}" || { echo "✘ ${entry%:*} failed"; failed=1; }
  done
  return "$failed"
}

step "npm install; beside it, the servers' packages install"
# Chromium and PostgreSQL come from apt, one package set at a time, beside npm install, unless a
# browser may be Playwright's own: that is known once the packages are installed.
servers() {
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -d "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}" ]; then
    bash scripts/install-browser.sh
  fi
  for database in rocket_e2e rocket_instances; do
    PG_DATABASE=$database bash scripts/postgres.sh >/dev/null
  done
  echo "ready, $(($(date +%s) - started)) s into the run"
}
export PG_SERVER_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
pg_port=${PG_PORT:-5433}
pg_server="postgresql://postgres:postgres@127.0.0.1:${pg_port}"
prefixed servers servers &
servers=$!
bash scripts/install.sh
# SQLite compiles from source where no prebuilt binary can be downloaded (~40 s of one core), so
# it builds now, beside the checks that do not need it. (Started with npm install instead, it
# slowed the install more than it saved: 51 s → 90–109 s with a warm cache.)
sqlite() { bash scripts/sqlite.sh && echo "$(($(date +%s) - started)) s into the run"; }
prefixed better-sqlite3 sqlite &
sqlite=$!
step "browser for the e2e tests, and PostgreSQL (Debian's packages; throw-away data, so no fsync)"
wait_all "Chromium and PostgreSQL:$servers"
bash scripts/install-browser.sh
step "prisma client"
npm run --silent db:generate
step "lint, formatting and typecheck (side by side)"
# What a checkout on this machine already checked with the same packages (scripts/cache.sh): each
# tool checks again every file whose content differs, and whatever depends on it.
tools=$(toolchain_id)
# Where `npm run lint:code` and `lint:format` keep their caches (package.json).
ESLINT_CACHE=node_modules/.cache/eslint/results
PRETTIER_CACHE=node_modules/.cache/prettier/.prettier-cache
cache_restore_with_paths "eslint-$tools" "$ESLINT_CACHE" || true
# Prettier's entries also hash each file's options, its absolute path among them: reused only by a
# clone at the same path.
cache_restore "prettier-$tools" "$PRETTIER_CACHE" || true
cache_restore "tsc-$tools" tsconfig.tsbuildinfo || true
# Niced: the SQLite compile is the longest path to the steps that need it, so it keeps its core.
prefixed lint nice -n 10 npm run --silent lint:code &
lint=$!
prefixed format nice -n 10 npm run --silent lint:format &
format=$!
prefixed typecheck nice -n 10 npm run --silent typecheck &
typecheck=$!
wait_all "lint:$lint" "formatting:$format" "typecheck:$typecheck"
cache_save_with_paths "$ESLINT_CACHE" "eslint-$tools" eslint-
cache_save "$PRETTIER_CACHE" "prettier-$tools" prettier-
cache_save tsconfig.tsbuildinfo "tsc-$tools" tsc-
step "production build (it does not load SQLite); beside it, once SQLite is ready, the migrations check"
# Types were checked above (every file the build compiles, and the tests): not twice.
SKIP_BUILD_TYPECHECK=1 build_with_cache nice -n 10 npm run --silent build &
build=$!
wait "$sqlite" || { echo "✘ better-sqlite3 is not ready"; exit 1; }
prefixed migrations npm run --silent db:check &
migrations=$!
wait_all "production build:$build" "migrations match the schema:$migrations"
step "unit and emulator tests; the integration tests again on PostgreSQL (side by side)"
prefixed unit npm run --silent test:unit &
unit=$!
prefixed postgresql env INTEGRATION_POSTGRES_URL="$pg_server/postgres" npx vitest run integration.test &
integration_pg=$!
wait_all "unit and emulator tests:$unit" "integration tests on PostgreSQL:$integration_pg"
step "no secrets in the client bundle"
bash scripts/check-client-bundle.sh
step "end-to-end tests: the flows in both sharing strategies (side by side), organization on SQLite with the journeys, checkout page and screens tests, connect-clone on PostgreSQL with the access and hostile-input tests"
# Each run has its own app, emulator, database and results (ports apart); the
# browser waits on the servers most of the time, so two runs share 2 cores well.
# Only the flows go through the sharing strategy: the other spec groups (see
# playwright.config.ts) run once, split between the two runs to balance them.
app_port=${E2E_APP_PORT:-3100}
emulator_port=${E2E_EMULATOR_PORT:-12121}
# Both runs visit the same pages: axe scans each page state in whichever run gets there first.
export E2E_SHARED_SCANS_DIR=test-results/accessibility-scans
rm -rf "$E2E_SHARED_SCANS_DIR" && mkdir -p "$E2E_SHARED_SCANS_DIR"
# The organization run goes against servers started beforehand (e2e/support/serve.ts), as a
# QA run against a deployment would (E2E_BASE_URL); the connect-clone run starts its own.
e2e() { # strategy spec-groups app-port emulator-port [database-url]
  local run=(npm run --silent test:e2e)
  [ "$1" = organization ] && run=(npx tsx e2e/support/serve.ts -- "${run[@]}")
  prefixed "$1" env SHARING_STRATEGY="$1" E2E_SPEC_GROUPS="$2" E2E_APP_PORT="$3" E2E_EMULATOR_PORT="$4" \
    ${5:+E2E_DATABASE_URL="$5"} "${run[@]}" || {
    # Where a CI system (or a person) finds what failed: the report embeds each failure's trace.
    echo "✘ e2e ($1) failed: report in playwright-report/$1/index.html (npx playwright show-report playwright-report/$1), traces in test-results/$1/"
    return 1
  }
}
e2e organization flows,journeys,checkout-page,screens "$app_port" "$emulator_port" &
organization=$!
e2e connect-clone flows,access,hostile-input "$((app_port + 100))" "$((emulator_port + 100))" "$pg_server/rocket_e2e" &
connect_clone=$!
wait_all "end-to-end tests (organization):$organization" "end-to-end tests (connect-clone):$connect_clone"
step "two app instances on one PostgreSQL"
INSTANCES_DATABASE_URL="$pg_server/rocket_instances" npm run --silent test:instances
step "all green"
