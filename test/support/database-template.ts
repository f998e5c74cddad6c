/**
 * Vitest's global setup for the app's tests: the migrated databases every test world starts
 * from, made once per run. Applying the migrations costs most of a second per test file (the
 * schema engine loads in each file's own process); copying a template costs a millisecond.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { dbTarget } from "../../prisma/target";
import { deploy } from "../../scripts/db";

/** The templates of this run: a SQLite file, and a PostgreSQL database when one is configured. */
export interface DatabaseTemplates {
  sqliteFile: string;
  /** A database on INTEGRATION_POSTGRES_URL's server, or null when it is not set. */
  postgresDatabase: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates;
  }
}

/** The address of database `name` on the server INTEGRATION_POSTGRES_URL names. */
export function postgresDatabaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance connection (INTEGRATION_POSTGRES_URL). */
export async function onPostgresServer(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), "rocket-db-template-"));
  const sqliteFile = path.join(dir, "template.db");
  await deploy(dbTarget(`file:${sqliteFile}`));
  // A copy of the file alone must be the whole database: nothing may wait in a journal.
  if (existsSync(`${sqliteFile}-wal`))
    throw new Error(`${sqliteFile}: the migrated template left a write-ahead log`);

  const server = process.env.INTEGRATION_POSTGRES_URL;
  let postgresDatabase: string | null = null;
  if (server) {
    postgresDatabase = `rocket_it_template_${process.pid}`;
    await onPostgresServer(server, `DROP DATABASE IF EXISTS ${postgresDatabase} WITH (FORCE)`);
    await onPostgresServer(server, `CREATE DATABASE ${postgresDatabase}`);
    await deploy(dbTarget(postgresDatabaseUrl(server, postgresDatabase)));
  }
  project.provide("databaseTemplates", { sqliteFile, postgresDatabase });

  return async () => {
    if (server && postgresDatabase)
      await onPostgresServer(server, `DROP DATABASE IF EXISTS ${postgresDatabase} WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  };
}
