#!/usr/bin/env bash
# Installs the npm packages. Of the install scripts, only esbuild's and Prisma's run here:
# better-sqlite3's would compile SQLite with extensions nothing here uses, so its binary is
# scripts/sqlite.sh's job (the test suite runs it beside the checks that do not need it).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --loglevel=error --ignore-scripts
npm rebuild --loglevel=error esbuild prisma
