#!/bin/sh
# Stand-in for Prisma's native schema-engine binary, which machines without access to
# binaries.prisma.sh cannot download. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here:
# `prisma generate` / `validate` / `format` only check that the file exists and never run it.
# Migrations go through the WebAssembly schema engine instead: scripts/db.ts (npm run db:*).
echo "Prisma's native schema engine is not available offline; use npm run db:migrate | db:create | db:deploy | db:status | db:check | db:reset" >&2
exit 1
