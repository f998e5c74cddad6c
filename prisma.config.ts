// Prisma CLI configuration (prisma generate / validate / format). The schema, migrations folder and
// URL follow DATABASE_URL (see prisma/target.ts): the generated client has the provider built in, so
// re-run `npm run db:generate` after switching between SQLite and PostgreSQL.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { dbTarget } from "./prisma/target";

// Prisma 7's CLI wants its native schema-engine binary (downloaded from binaries.prisma.sh) before
// any command, even `generate`, which never runs it. Offline, point it at a stub; migrations run
// through the WebAssembly schema engine in scripts/db.ts (npm run db:*). An explicit
// PRISMA_SCHEMA_ENGINE_BINARY (a machine with the real engine) wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/no-schema-engine.sh");

const target = dbTarget();

export default defineConfig({
  schema: target.schema,
  migrations: { path: target.migrations, seed: "tsx prisma/seed.ts" },
  datasource: { url: target.url },
});
