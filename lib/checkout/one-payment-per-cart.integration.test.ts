import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

let world: IntegrationWorld;
let shop: Shop;

beforeAll(async () => {
  world = await startIntegrationWorld();
  shop = await openShop(world);
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

/** The same cart opened in a new browser tab: same user and lines, the tab's own submission id. */
function inNewTab(lines = [{ productId: "city-ride", quantity: 2 }]) {
  return { brand: "rides", lines, submissionId: shop.submission() };
}

async function stripeStatus(sessionId: string) {
  return (await shop.rides.checkout.sessions.retrieve(sessionId)).status;
}

async function storedStatus(sessionId: string) {
  return (await shop.prisma.checkout.findUniqueOrThrow({ where: { id: sessionId } })).status;
}

describe("one payment per cart", () => {
  it("lets only the newest session of a cart be paid when it is open in two tabs", async () => {
    const user = await shop.newShopper();
    const firstTab = await shop.createCheckoutSession(user, inNewTab());
    const secondTab = await shop.createCheckoutSession(user, inNewTab());
    expect(secondTab.sessionId).not.toBe(firstTab.sessionId);

    expect((await shop.pay(firstTab.clientSecret)).status).not.toBe(200);
    expect((await shop.pay(secondTab.clientSecret)).status).toBe(200);
    expect(await stripeStatus(firstTab.sessionId)).toBe("expired");
    expect(await storedStatus(firstTab.sessionId)).toBe("expired");
    expect(await shop.checkoutStatus(user, secondTab.sessionId)).toMatchObject({ status: "complete" });
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it("expires the other tab's session while the new one is created: the shopper waits for one Stripe call", async () => {
    const user = await shop.newShopper();
    const firstTab = await shop.createCheckoutSession(user, inNewTab());
    const delayMs = 400;
    world.emulator.faults.set([{ path: "/v1/*", rate: 1, delayMs }]);
    try {
      const body = inNewTab();
      const started = performance.now();
      const secondTab = await shop.createCheckoutSession(user, body);
      const waited = performance.now() - started;
      // Two calls (create, and expire the first tab's session), side by side.
      expect(world.emulator.faults.list()).toMatchObject([{ applied: 2 }]);
      expect(waited).toBeLessThan(2 * delayMs);
      // The same tab coming back keeps its own session: it is never among the ones expired.
      expect((await shop.createCheckoutSession(user, body)).sessionId).toBe(secondTab.sessionId);
    } finally {
      world.emulator.faults.clear();
    }
    expect(await stripeStatus(firstTab.sessionId)).toBe("expired");
    expect(await storedStatus(firstTab.sessionId)).toBe("expired");
  });

  it("treats the same products in another order as the same cart, and leaves other carts alone", async () => {
    const user = await shop.newShopper();
    const lines = [
      { productId: "city-ride", quantity: 1 },
      { productId: "airport-transfer", quantity: 1 },
    ];
    const first = await shop.createCheckoutSession(user, inNewTab(lines));
    const otherCart = await shop.createCheckoutSession(
      user,
      inNewTab([{ productId: "city-ride", quantity: 3 }]),
    );
    const otherShopper = await shop.createCheckoutSession(await shop.newShopper(), inNewTab(lines));
    expect(await stripeStatus(first.sessionId)).toBe("open");

    await shop.createCheckoutSession(user, inNewTab([...lines].reverse()));
    expect(await stripeStatus(first.sessionId)).toBe("expired");
    expect(await stripeStatus(otherCart.sessionId)).toBe("open");
    expect(await stripeStatus(otherShopper.sessionId)).toBe("open");
  });

  it("says the cart is already paid when another tab paid it meanwhile, and leaves nothing payable", async () => {
    const user = await shop.newShopper();
    const firstTab = await shop.createCheckoutSession(user, inNewTab());
    // Paid in the first tab; neither its return page nor the webhook has recorded it yet.
    expect((await shop.pay(firstTab.clientSecret)).status).toBe(200);

    await expect(shop.createCheckoutSession(user, inNewTab())).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already paid/) as unknown,
    });
    const rows = await shop.prisma.checkout.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(2);
    const created = rows.find((row) => row.id !== firstTab.sessionId)!;
    expect(await stripeStatus(created.id)).toBe("expired");
    expect(created.status).toBe("expired");
  });

  it("says the cart is already paid when the same submission comes back after its session was paid", async () => {
    const user = await shop.newShopper();
    const body = inNewTab([{ productId: "city-ride", quantity: 1 }]);
    const first = await shop.createCheckoutSession(user, body);
    expect((await shop.pay(first.clientSecret)).status).toBe(200);
    // Stripe replays the first response (status "open" then); the app must see it is paid now.
    await expect(shop.createCheckoutSession(user, body)).rejects.toMatchObject({ code: "conflict" });
    expect(await shop.prisma.checkout.count({ where: { userId: user.id } })).toBe(1);
  });

  it("on completion, expires an open session of the same cart that a race left behind", async () => {
    const user = await shop.newShopper();
    const paid = await shop.createCheckoutSession(user, inNewTab());
    const raced = await shop.racedSession(paid.sessionId, {
      quantity: 2,
      unitAmount: 1850,
      name: "City ride",
    });

    expect((await shop.pay(paid.clientSecret)).status).toBe(200);
    await shop.checkoutStatus(user, paid.sessionId);
    expect(await stripeStatus(raced.id)).toBe("expired");
    expect(await storedStatus(raced.id)).toBe("expired");
    expect(await storedStatus(paid.sessionId)).toBe("complete");
  });

  it("keeps exactly one payable session when two tabs start the same cart at the same moment", async () => {
    const user = await shop.newShopper();
    const sessions = await Promise.all([1, 2, 3].map(() => shop.createCheckoutSession(user, inNewTab())));
    const statuses = await Promise.all(sessions.map((session) => stripeStatus(session.sessionId)));
    expect(statuses.filter((status) => status === "open")).toHaveLength(1);
  });

  it("gives an expired submission a new session, a bounded number of times", async () => {
    const user = await shop.newShopper();
    const body = inNewTab([{ productId: "airport-transfer", quantity: 1 }]);
    const seen = new Set<string>();
    for (let restart = 0; restart <= 5; restart += 1) {
      const session = await shop.createCheckoutSession(user, body);
      expect(seen.has(session.sessionId)).toBe(false);
      seen.add(session.sessionId);
      // Same submission, same session, while it is open.
      expect((await shop.createCheckoutSession(user, body)).sessionId).toBe(session.sessionId);
      await shop.rides.checkout.sessions.expire(session.sessionId);
    }
    await expect(shop.createCheckoutSession(user, body)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/restarted too many times/) as unknown,
    });
  });
});
