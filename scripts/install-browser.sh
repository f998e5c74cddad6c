#!/usr/bin/env bash
# Makes sure a Chromium exists for Playwright: Playwright's own download where one
# was installed, otherwise Debian's package (our machines cannot download browsers).
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if node -e 'const {chromium}=require("@playwright/test"); process.exit(require("fs").existsSync(chromium.executablePath())?0:1)' 2>/dev/null; then
  exit 0
fi
# The headless shell runs the tests (lighter); the full browser is for headed runs and Lighthouse.
if [ -x /usr/bin/chromium ] && [ -x /usr/lib/chromium/chromium-headless-shell ] &&
  fc-list 2>/dev/null | grep -qi liberation; then exit 0; fi

packages=(chromium chromium-headless-shell fonts-liberation)
echo "Installing Debian's Chromium for the browser tests (${packages[*]})…"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Chromium is missing and this user cannot install packages. Install it with:" >&2
  echo "  apt-get install -y --no-install-recommends ${packages[*]}" >&2
  echo "or point CHROMIUM_PATH at any Chromium/Chrome binary." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "Chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
