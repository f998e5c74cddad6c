import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions } from "@rocket-checkout/stripe-emulator";
import { onPostgresServer, postgresDatabaseUrl } from "./database-template";

export interface IntegrationWorld {
  emulator: Emulator;
  /** POSTs JSON to an emulator control route. */
  control(route: string, body: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/**
 * A fresh database with every migration applied, copied from the run's template
 * (database-template.ts): a SQLite file in `dir`, or, when INTEGRATION_POSTGRES_URL names a
 * PostgreSQL server (any database on it, e.g. `…/postgres`), a new database there, dropped
 * again by the returned `drop`.
 */
async function freshDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const templates = inject("databaseTemplates");
  const server = process.env.INTEGRATION_POSTGRES_URL;
  if (!server) {
    const file = path.join(dir, "app.db");
    await copyFile(templates.sqliteFile, file);
    return { url: `file:${file}`, drop: async () => undefined };
  }
  if (!templates.postgresDatabase) throw new Error("INTEGRATION_POSTGRES_URL was set after the run began");
  const name = `rocket_it_${path
    .basename(dir)
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()}`;
  await onPostgresServer(server, `CREATE DATABASE ${name} TEMPLATE ${templates.postgresDatabase}`);
  return {
    url: postgresDatabaseUrl(server, name),
    drop: () => onPostgresServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A throw-away world for tests of the app's server code: a fresh database (SQLite, or PostgreSQL
 * with INTEGRATION_POSTGRES_URL) with every migration applied, an in-process Stripe emulator, and the
 * environment pointing the app's modules at both. Webhooks go to `appUrl`
 * (by default a closed port, so nothing is delivered). Import app modules (which
 * read the environment once) only after this resolves.
 */
export async function startIntegrationWorld(
  options: { appUrl?: string; delivery?: EmulatorOptions["delivery"] } = {},
): Promise<IntegrationWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), "rocket-it-"));
  const database = await freshDatabase(dir);
  const appUrl = options.appUrl ?? "http://127.0.0.1:9";
  const emulator = await createEmulator({
    port: 0,
    dataFile: ":memory:",
    appUrl,
    ...(options.delivery ? { delivery: options.delivery } : {}),
  });
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    STRIPE_API_BASE: emulator.url,
    NEXTAUTH_SECRET: "integration-test-secret-0123456789abcdef",
    APP_URL: appUrl,
    LOG_LEVEL: "silent",
  });
  return {
    emulator,
    async control(route, body) {
      const response = await fetch(`${emulator.url}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    async close() {
      await emulator.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
