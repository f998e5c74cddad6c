#!/usr/bin/env bash
# Installs the npm packages. Of the install scripts, only esbuild's and Prisma's run here:
# better-sqlite3's would compile SQLite with extensions nothing here uses, so its binary is
# scripts/sqlite.sh's job (the test suite runs it beside the checks that do not need it).
#
# A clone with no node_modules yet starts from the tree the last install on this machine made
# from the same lockfile, Node and npm (scripts/cache.sh): copying it takes seconds where
# unpacking ~950 packages takes a minute. npm install then checks that tree against the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cache.sh

packages="node_modules-$(toolchain_id)"
fresh=no
if cache_restore "$packages" node_modules; then
  echo "packages: from $PROJECT_CACHE/$packages, checked against the lockfile"
elif [ ! -e node_modules ]; then
  fresh=yes
fi
npm install --no-audit --no-fund --loglevel=error --ignore-scripts
npm rebuild --loglevel=error esbuild prisma
# Kept only when this install made the whole tree, before anything else writes into it
# (SQLite's binary, the test tools' caches): the cache holds what the lockfile makes, no more.
[ "$fresh" = no ] || cache_save node_modules "$packages" node_modules-
