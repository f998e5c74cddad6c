// A plain PrismaClient factory with the driver adapter that DATABASE_URL selects (see prisma/target.ts).
// No `server-only` here, so scripts and the seed can use it; app code imports the shared `prisma`
// singleton from "@/lib/db" instead.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresqlClient } from "../../generated/postgresql/client";
import { PrismaClient } from "../../generated/sqlite/client";
import { dbTarget, sqliteFile } from "../../prisma/target";

export type { PrismaClient };

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
 * is created when missing. Both providers' clients are generated from schemas that differ only in the
 * provider, so they share one type (the SQLite client's) and one build serves either database.
 */
export function createPrismaClient(url?: string): PrismaClient {
  const target = dbTarget(url);
  if (target.provider === "postgresql") {
    const client = new PostgresqlClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    // Same models and queries; the types differ only where PostgreSQL offers more (transaction
    // isolation levels), so the app is typed against SQLite's narrower client.
    return client as unknown as PrismaClient;
  }
  const file = sqliteFile(target.url);
  if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new PrismaClient({ adapter: withSqlitePragmas(new PrismaBetterSqlite3({ url: target.url })) });
}
