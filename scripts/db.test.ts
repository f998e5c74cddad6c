import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_DATABASE_URL, dbTarget, sqliteFile } from "../prisma/target";
import { assertSchemasInSync, deploy, migrationNames, pendingSql, status } from "./db";

describe("dbTarget", () => {
  it("defaults to the SQLite file in the git-ignored data folder", () => {
    expect(DEFAULT_DATABASE_URL).toBe("file:./.data/rocket.db");
    const saved = process.env.DATABASE_URL;
    try {
      delete process.env.DATABASE_URL;
      expect(dbTarget()).toMatchObject({ provider: "sqlite", url: DEFAULT_DATABASE_URL });
      process.env.DATABASE_URL = "";
      expect(dbTarget().url).toBe(DEFAULT_DATABASE_URL);
      process.env.DATABASE_URL = "postgresql://u:p@db:5432/x";
      expect(dbTarget().provider).toBe("postgresql");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it.each([
    ["file:./.data/rocket.db", "sqlite"],
    ["file:/tmp/x.db", "sqlite"],
    ["postgres://u:p@127.0.0.1:5433/rocket", "postgresql"],
    ["postgresql://u:p@127.0.0.1:5433/rocket", "postgresql"],
    ["POSTGRESQL://u:p@host/db?sslmode=require", "postgresql"],
  ] as const)("maps %s to %s with that provider's schema and migrations", (url, provider) => {
    expect(dbTarget(url)).toEqual({
      url,
      provider,
      schema: path.join("prisma", provider, "schema.prisma"),
      migrations: path.join("prisma", provider, "migrations"),
    });
  });

  it("rejects other databases instead of treating the URL as a file name, without echoing the password", () => {
    expect(() => dbTarget("mysql://root:secret@localhost/db")).toThrow(/Unsupported DATABASE_URL/);
    expect(() => dbTarget("mysql://root:secret@localhost/db")).not.toThrow(/secret/);
  });

  it("finds the SQLite file of a URL", () => {
    expect(sqliteFile("file:./.data/rocket.db")).toBe(path.normalize(".data/rocket.db"));
    expect(sqliteFile("file::memory:")).toBeNull();
    expect(sqliteFile("postgresql://h/db")).toBeNull();
  });
});

describe("schemas and migrations", () => {
  it("keeps the two schemas identical apart from the provider", async () => {
    await expect(assertSchemasInSync()).resolves.toBeUndefined();
  });

  it("has the same committed migrations for both providers", async () => {
    const names = await migrationNames("sqlite");
    expect(names.length).toBeGreaterThan(0);
    expect(await migrationNames("postgresql")).toEqual(names);
  });

  it("has a SQLite migration for every schema change", async () => {
    expect(await pendingSql("sqlite")).toBeNull();
  });
});

describe("deploy", () => {
  let dir: string;
  let url: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "rocket-db-test-"));
    // A folder that does not exist yet, like .data on a fresh clone.
    file = path.join(dir, "data", "test.db");
    url = `file:${file}`;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  beforeEach(() => {
    vi.spyOn(console, "log").mockImplementation(() => {});
  });

  it("applies every migration once, then nothing, and keeps the data", async () => {
    const target = dbTarget(url);
    expect((await status(target)).upToDate).toBe(false);

    expect(await deploy(target)).toEqual(await migrationNames("sqlite"));
    expect(await status(target)).toMatchObject({ upToDate: true });

    const db = new Database(file);
    try {
      db.prepare(
        `INSERT INTO "User" (id, email, updatedAt) VALUES ('u1', 'kept@example.com', CURRENT_TIMESTAMP)`,
      ).run();
    } finally {
      db.close();
    }

    expect(await deploy(target)).toEqual([]);
    expect(await status(target)).toMatchObject({ upToDate: true });

    const reopened = new Database(file, { readonly: true });
    try {
      expect(reopened.prepare(`SELECT email FROM "User"`).all()).toEqual([{ email: "kept@example.com" }]);
    } finally {
      reopened.close();
    }
  });
});
