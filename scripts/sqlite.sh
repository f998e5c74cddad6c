#!/usr/bin/env bash
# Makes better-sqlite3's native binary ready after an install that ran no scripts
# (scripts/install.sh). better-sqlite3's installer downloads a prebuilt binary where a machine can
# reach GitHub, and compiles SQLite from source where it cannot, as on our machines.
#
# The compile leaves out the SQLite extensions nothing here uses (full-text search, R-tree,
# Geopoly, the dbstat table): almost a third of the compile. The binary the installer made (or
# downloaded) is kept in this project's cache (scripts/cache.sh), so the next checkout on that
# machine copies it instead of compiling again. (Not in npm's prebuild cache: any project on the
# machine would take it there for the official build.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cache.sh

LEFT_OUT=(FTS3 FTS3_PARENTHESIS FTS4 FTS5 GEOPOLY RTREE DBSTAT_VTAB)
# node-gyp puts $CFLAGS after better-sqlite3's own defines, so these undefine them.
cflags=$(printf -- '-USQLITE_ENABLE_%s ' "${LEFT_OUT[@]}")

ready() { node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null; }

if ready; then
  echo "ready"
  exit 0
fi

# One entry per release, Node ABI, platform and set of left-out extensions.
release=$(node -p '`${require("better-sqlite3/package.json").version}-node${process.versions.modules}-${process.platform}-${process.arch}`')
entry="better-sqlite3-$release-$(printf '%s' "$cflags" | sha256sum | cut -c1-8).node"
binary=node_modules/better-sqlite3/build/Release/better_sqlite3.node

if cache_restore "$entry" "$binary"; then
  if ready; then
    echo "ready (from $PROJECT_CACHE/$entry)"
    exit 0
  fi
  rm -f "$binary"
fi

CFLAGS="${CFLAGS:+$CFLAGS }$cflags" npm rebuild --loglevel=error better-sqlite3
ready || { echo "better-sqlite3 built but does not load" >&2; exit 1; }
cache_save "$binary" "$entry" better-sqlite3-
echo "built; kept for the next checkout in $PROJECT_CACHE/$entry"
