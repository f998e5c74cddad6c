import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "../../generated/sqlite/client";
import { verifyPassword } from "../auth/password";
import { DEMO_USERS } from "../../prisma/demo-users";
import { seed } from "../../prisma/seed";
import { dbTarget } from "../../prisma/target";
import { deploy } from "../../scripts/db";
import { createPrismaClient } from "./create-client";

describe("createPrismaClient + seed (SQLite)", () => {
  let dir: string;
  let prisma: PrismaClient;

  beforeAll(async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    dir = await mkdtemp(path.join(tmpdir(), "rocket-seed-test-"));
    // The data folder does not exist yet: both deploy and the client must create it.
    const url = `file:${path.join(dir, "data", "seed.db")}`;
    await deploy(dbTarget(url));
    prisma = createPrismaClient(url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the SQLite data folder when it is missing", async () => {
    const fresh = path.join(dir, "not-yet", "x.db");
    const client = createPrismaClient(`file:${fresh}`);
    try {
      expect(existsSync(path.dirname(fresh))).toBe(true);
    } finally {
      await client.$disconnect();
    }
  });

  it("seeds the demo users once, with their roles and working passwords", async () => {
    expect(await seed(prisma)).toEqual(DEMO_USERS.map((u) => u.email));
    expect(await seed(prisma)).toEqual([]);

    const users = await prisma.user.findMany({ orderBy: { email: "asc" } });
    expect(users.map((u) => [u.email, u.name, u.role])).toEqual(
      [...DEMO_USERS].sort((a, b) => a.email.localeCompare(b.email)).map((u) => [u.email, u.name, u.role]),
    );
    for (const demo of DEMO_USERS) {
      const user = users.find((u) => u.email === demo.email);
      expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user?.passwordHash ?? "", demo.password)).toBe(true);
    }
  });

  it("never overwrites a password (or anything else) a user changed", async () => {
    const email = "jenny@example.com";
    await prisma.user.update({ where: { email }, data: { passwordHash: "changed-hash", name: "Jenny R." } });

    expect(await seed(prisma)).toEqual([]);

    const jenny = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(jenny).toMatchObject({ passwordHash: "changed-hash", name: "Jenny R.", role: "shopper" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});
