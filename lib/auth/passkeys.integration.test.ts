import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Passkeys from "@/lib/auth/passkeys";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

let world: IntegrationWorld;
let shop: Shop;
let passkeys: typeof Passkeys;

beforeAll(async () => {
  world = await startIntegrationWorld();
  shop = await openShop(world);
  passkeys = await import("@/lib/auth/passkeys");
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

let issued = 0;
async function saveChallenge(expiresInSeconds = 300) {
  issued += 1;
  const challenge = {
    id: `integration-challenge-${issued}-${Date.now()}`,
    challenge: `challenge-${issued}`,
    purpose: "authentication" as const,
    userId: null,
    expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
  };
  await passkeys.prismaPasskeyStore.saveChallenge(challenge);
  return challenge;
}

async function newPasskey(counter: number) {
  const user = await shop.newShopper();
  const created = await passkeys.prismaPasskeyStore.createPasskey({
    userId: user.id,
    credentialId: `cred-${user.id}`,
    publicKey: new Uint8Array([1, 2, 3, 4]),
    counter,
    transports: ["internal", "hybrid"],
    name: "Laptop",
    deviceType: "singleDevice",
    backedUp: false,
  });
  return { user, ...created };
}

describe("the stored challenges", () => {
  it("hand one challenge to exactly one of many requests taking it at once", async () => {
    const { id } = await saveChallenge();
    const takes = await Promise.all(
      Array.from({ length: 8 }, () => passkeys.prismaPasskeyStore.takeChallenge(id)),
    );
    expect(takes.filter(Boolean)).toHaveLength(1);
    expect(await passkeys.prismaPasskeyStore.takeChallenge(id)).toBeNull();
  });

  it("tidy away expired challenges when a new one is issued", async () => {
    const stale = await saveChallenge(-1);
    await saveChallenge();
    expect(await passkeys.prismaPasskeyStore.takeChallenge(stale.id)).toBeNull();
  });
});

describe("the stored passkeys", () => {
  it("keep key, counter and transports as the authenticator gave them", async () => {
    const { user } = await newPasskey(41);
    const found = await passkeys.prismaPasskeyStore.findPasskey(`cred-${user.id}`);
    expect(found).toMatchObject({
      userId: user.id,
      counter: 41,
      transports: ["internal", "hybrid"],
      user: { id: user.id, email: user.email },
    });
    expect([...found!.publicKey]).toEqual([1, 2, 3, 4]);
  });

  it("move a counter on once: a second sign-in from the same value loses", async () => {
    const { id, user } = await newPasskey(2 ** 32 - 2);
    const usedAt = new Date();
    const moves = await Promise.all([
      passkeys.prismaPasskeyStore.advanceCounter(id, 2 ** 32 - 2, 2 ** 32 - 1, usedAt),
      passkeys.prismaPasskeyStore.advanceCounter(id, 2 ** 32 - 2, 2 ** 32 - 1, usedAt),
    ]);
    expect(moves.sort()).toEqual([false, true]);
    expect(await passkeys.prismaPasskeyStore.findPasskey(`cred-${user.id}`)).toMatchObject({
      counter: 2 ** 32 - 1,
    });
  });

  it("are listed for their owner only, and removed by their owner only", async () => {
    const mine = await newPasskey(0);
    const theirs = await newPasskey(0);
    expect((await passkeys.listPasskeys(mine.user.id)).map((passkey) => passkey.id)).toEqual([mine.id]);
    await expect(passkeys.removePasskey(mine.user.id, theirs.id)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await passkeys.listPasskeys(theirs.user.id)).toHaveLength(1);
    await passkeys.removePasskey(mine.user.id, mine.id);
    expect(await passkeys.listPasskeys(mine.user.id)).toEqual([]);
    expect(await passkeys.prismaPasskeyStore.findPasskey(`cred-${mine.user.id}`)).toBeNull();
  });
});
