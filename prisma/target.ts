// Which database are we talking to? The single answer shared by prisma.config.ts (prisma generate),
// scripts/db.ts (offline migrations), prisma/seed.ts and the app's client (lib/db).
//
//   DATABASE_URL unset, empty or file:...  -> SQLite through better-sqlite3 (zero setup)
//   DATABASE_URL postgres(ql)://...        -> PostgreSQL through pg
//
// Relative SQLite paths are resolved against the working directory, which is the project root for
// every npm script and for `next dev` / `next start`.
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

export const DEFAULT_DATABASE_URL = "file:./.data/rocket.db";

export interface DbTarget {
  /** The connection URL (DATABASE_URL or the default). */
  url: string;
  provider: Provider;
  /** Schema file for this provider, relative to the project root. */
  schema: string;
  /** Migrations folder for this provider, relative to the project root. */
  migrations: string;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  // Anything else with a scheme (mysql://, sqlserver://, a typo...) is a mistake, not a file name.
  if (!/^file:/i.test(url) && /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(
      `Unsupported DATABASE_URL scheme in "${url.replace(/\/\/[^@/]*@/, "//***@")}": use file:... or postgresql://...`,
    );
  }
  return "sqlite";
}

export function dbTarget(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): DbTarget {
  return { url, ...providerPaths(providerOf(url)) };
}

/** Schema and migrations locations of a provider, whatever DATABASE_URL says. */
export function providerPaths(provider: Provider): Pick<DbTarget, "provider" | "schema" | "migrations"> {
  const dir = path.join("prisma", provider);
  return { provider, schema: path.join(dir, "schema.prisma"), migrations: path.join(dir, "migrations") };
}

/**
 * The database file of a SQLite URL ("file:./.data/rocket.db" -> ".data/rocket.db"), or null for
 * PostgreSQL URLs and in-memory databases. Same rule as @prisma/adapter-better-sqlite3: strip "file:".
 */
export function sqliteFile(url: string): string | null {
  if (providerOf(url) !== "sqlite") return null;
  const file = url.replace(/^file:/, "");
  return file === "" || file === ":memory:" ? null : path.normalize(file);
}
