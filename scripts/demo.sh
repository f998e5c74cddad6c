#!/usr/bin/env bash
# One command from a fresh clone to a running demo: installs, migrates and seeds
# the embedded SQLite database, builds the app, then runs the Stripe emulator and
# the app together until Ctrl+C. Data in .data/ survives restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

source scripts/cache.sh
bash scripts/install.sh
bash scripts/sqlite.sh >/dev/null
npm run --silent db:setup

# A production server needs a real secret; the demo makes one once and keeps it,
# so restarting the demo keeps everyone signed in.
mkdir -p .data
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  [ -s .data/demo-nextauth-secret ] || node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))' > .data/demo-nextauth-secret
  NEXTAUTH_SECRET=$(cat .data/demo-nextauth-secret)
  export NEXTAUTH_SECRET
fi
export APP_URL="${APP_URL:-http://localhost:3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-$APP_URL}"
# Reset links and receipts go to a local mail catcher (maildev); its web page shows them.
mail_smtp_port=${MAIL_CATCHER_SMTP_PORT:-1025}
mail_web_port=${MAIL_CATCHER_WEB_PORT:-1080}
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$mail_smtp_port}"

build_with_cache npm run --silent build

cat <<BANNER

  Rocket Checkout is starting on $APP_URL
  Demo accounts: jenny@example.com / jenny-demo-password   (shopper)
                 admin@example.com / admin-demo-password   (admin)
  Stripe emulator: http://127.0.0.1:${STRIPE_EMULATOR_PORT:-12111}   (its dashboard: /_emulator/dashboard)
  Mail catcher:    http://127.0.0.1:$mail_web_port   (reset links and receipts; Ctrl+C stops all three)

BANNER
exec npx concurrently --kill-others --names emulator,mail,app --prefix-colors blue,green,magenta \
  "npm run --silent emulator" \
  "npx maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp $mail_smtp_port --web $mail_web_port --mail-directory .data/mail" \
  "npm run --silent start"
