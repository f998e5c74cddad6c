// Demo data: `npm run db:seed` (after `npm run db:deploy`). Idempotent: it only creates what is missing
// and never touches an existing user, so a password or a name changed since the last run is kept.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "../generated/sqlite/client";
import { hashPassword } from "../lib/auth/password";
import { createPrismaClient } from "../lib/db/create-client";
import { DEMO_USERS, type DemoUser } from "./demo-users";

/** Creates the demo users that do not exist yet; returns the emails created. */
export async function seed(prisma: PrismaClient, users: readonly DemoUser[] = DEMO_USERS): Promise<string[]> {
  const created: string[] = [];
  for (const { email, name, role, password } of users) {
    const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) continue;
    const passwordHash = await hashPassword(password);
    // upsert with an empty update: a concurrent seed (or a sign-up) that got there first wins, untouched.
    await prisma.user.upsert({ where: { email }, update: {}, create: { email, name, role, passwordHash } });
    created.push(email);
  }
  return created;
}

async function main() {
  const prisma = createPrismaClient();
  try {
    const created = await seed(prisma);
    const kept = DEMO_USERS.length - created.length;
    console.log(
      `seed: ${created.length} demo user(s) created${created.length ? ` (${created.join(", ")})` : ""}, ${kept} already there.`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /does not exist/i.test(message)
      ? "\n(has the database been migrated? npm run db:deploy)"
      : "";
    console.error(`seed failed: ${message}${hint}`);
    process.exitCode = 1;
  });
}
