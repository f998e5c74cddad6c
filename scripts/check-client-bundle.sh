#!/usr/bin/env bash
# After `next build`: no secret key or webhook secret may reach the browser bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .next/static ] || { echo "Run npm run build first." >&2; exit 1; }
pattern='(sk|rk)_(test|live|org)_[A-Za-z0-9_]+|sk_org_[A-Za-z0-9_]+|whsec_[A-Za-z0-9_]+'
if leaks=$(grep -rEo "$pattern" .next/static | sort -u) && [ -n "$leaks" ]; then
  echo "Secrets found in the client bundle (.next/static):" >&2
  echo "$leaks" >&2
  exit 1
fi
echo "client bundle: 0 secret keys in $(find .next/static -type f | wc -l) files"
