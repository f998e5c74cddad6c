// A plain PrismaClient factory with the driver adapter that DATABASE_URL selects (see prisma/target.ts).
// No `server-only` here, so scripts and the seed can use it; app code imports the shared `prisma`
// singleton from "@/lib/db" instead.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";
import { dbTarget, sqliteFile } from "../../prisma/target";

// WAL lets readers run beside the writer, and synchronous=NORMAL drops the fsync per commit
// (a crash of the process loses nothing; a power cut can lose the last commits). busy_timeout
// makes a second process (the seed, a migration) wait for the lock instead of failing.
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

function withSqlitePragmas(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connection = await connect();
    await connection.executeScript(SQLITE_PRAGMAS);
    return connection;
  };
  return factory;
}

/**
 * Opens a client on `url` (default: DATABASE_URL, else file:./.data/rocket.db). For SQLite the data folder
 * is created when missing. The generated client is built for one provider: after switching between
 * SQLite and PostgreSQL, run `npm run db:generate`.
 */
export function createPrismaClient(url?: string): PrismaClient {
  const target = dbTarget(url);
  let adapter: PrismaBetterSqlite3 | PrismaPg;
  if (target.provider === "sqlite") {
    const file = sqliteFile(target.url);
    if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    adapter = withSqlitePragmas(new PrismaBetterSqlite3({ url: target.url }));
  } else {
    adapter = new PrismaPg({ connectionString: target.url });
  }
  try {
    return new PrismaClient({ adapter });
  } catch (error) {
    // "The Driver Adapter `@prisma/adapter-pg`, based on `postgres`, is not compatible with the provider
    // `sqlite` specified in the Prisma schema." Say how to fix it.
    if (error instanceof Error && /not compatible with the provider/.test(error.message)) {
      throw new Error(
        `${error.message}\nDATABASE_URL selects ${target.provider} but the generated client was built for ` +
          "another provider: run `npm run db:generate` (then rebuild the app).",
        { cause: error },
      );
    }
    throw error;
  }
}
