#!/usr/bin/env bash
# One command from a fresh clone to a running demo: installs, migrates and seeds
# the embedded SQLite database, builds the app, then runs the Stripe emulator and
# the app together until Ctrl+C. Data in .data/ survives restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

npm install --no-audit --no-fund --loglevel=error
npm run --silent db:setup

# A production server needs a real secret; the demo makes one once and keeps it,
# so restarting the demo keeps everyone signed in.
mkdir -p .data
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  [ -s .data/demo-nextauth-secret ] || node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))' > .data/demo-nextauth-secret
  NEXTAUTH_SECRET=$(cat .data/demo-nextauth-secret)
  export NEXTAUTH_SECRET
fi
export APP_URL="${APP_URL:-http://127.0.0.1:3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-$APP_URL}"

npm run --silent build

cat <<BANNER

  Rocket Checkout is starting on $APP_URL
  Demo accounts: jenny@example.com / jenny-demo-password   (shopper)
                 admin@example.com / admin-demo-password   (admin)
  Stripe emulator: http://127.0.0.1:${STRIPE_EMULATOR_PORT:-12111}   (Ctrl+C stops both)
  Emulator dashboard: http://127.0.0.1:${STRIPE_EMULATOR_PORT:-12111}/_emulator/dashboard

BANNER
exec npx concurrently --kill-others --names emulator,app --prefix-colors blue,magenta \
  "npm run --silent emulator" \
  "npm run --silent start"
