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

describe("checkout sessions", () => {
  it("creates an embedded session in the brand's account, priced from the catalog", async () => {
    const user = await shop.newShopper();
    const { sessionId } = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 2 }],
      submissionId: shop.submission(),
    });
    const session = await shop.rides.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    expect(session.ui_mode).toBe("embedded_page");
    expect(session.amount_total).toBe(2 * 1850);
    expect(session.return_url).toBe(
      "http://127.0.0.1:9/rides/checkout/return?session_id={CHECKOUT_SESSION_ID}",
    );
    expect(session.saved_payment_method_options?.payment_method_save).toBe("enabled");
    expect(session.metadata).toEqual({ rocket_user_id: user.id, brand: "rides" });
    expect(session.line_items?.data[0]?.description).toBe("City ride");
    await expect(shop.deliveries.checkout.sessions.retrieve(sessionId)).rejects.toThrow(
      /No such checkout.session/,
    );
  });

  it("answers a double submit with the same session, and a new cart with a new one", async () => {
    const user = await shop.newShopper();
    const body = {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: shop.submission(),
    };
    const [first, second] = await Promise.all([
      shop.createCheckoutSession(user, body),
      shop.createCheckoutSession(user, body),
    ]);
    expect(second.sessionId).toBe(first.sessionId);
    const other = await shop.createCheckoutSession(user, {
      ...body,
      lines: [{ productId: "grocery-run", quantity: 2 }],
    });
    expect(other.sessionId).not.toBe(first.sessionId);
    expect(await shop.prisma.checkout.count({ where: { userId: user.id } })).toBe(2);
  });

  it("says whether the card was saved, as Stripe holds it", async () => {
    const user = await shop.newShopper();
    const buy = () =>
      shop.createCheckoutSession(user, {
        brand: "rides",
        lines: [{ productId: "city-ride", quantity: 1 }],
        submissionId: shop.submission(),
      });
    const unsaved = await buy();
    expect((await shop.pay(unsaved.clientSecret, "4242424242424242", false)).status).toBe(200);
    expect(await shop.checkoutStatus(user, unsaved.sessionId)).toMatchObject({
      status: "complete",
      card: { last4: "4242" },
      cardSaved: false,
    });

    const saved = await buy();
    expect((await shop.pay(saved.clientSecret, "5555555555554444", true)).status).toBe(200);
    expect(await shop.checkoutStatus(user, saved.sessionId)).toMatchObject({
      card: { last4: "4444" },
      cardSaved: true,
    });

    const open = await buy();
    expect((await shop.checkoutStatus(user, open.sessionId)).cardSaved).toBeNull();
  });

  it("refuses products that are not in the brand's catalog, and unknown brands", async () => {
    const user = await shop.newShopper();
    const attempt = (brand: string, productId: string) =>
      shop.createCheckoutSession(user, {
        brand,
        lines: [{ productId, quantity: 1 }],
        submissionId: shop.submission(),
      });
    await expect(attempt("rides", "grocery-run")).rejects.toMatchObject({ code: "not_found" });
    await expect(attempt("moon", "city-ride")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("one canonical customer per user", () => {
  it("survives two first purchases at two brands at the same time", async () => {
    const user = await shop.newShopper();
    const [atRides, atDeliveries] = await Promise.all([
      shop.createCheckoutSession(user, {
        brand: "rides",
        lines: [{ productId: "city-ride", quantity: 1 }],
        submissionId: shop.submission(),
      }),
      shop.createCheckoutSession(user, {
        brand: "deliveries",
        lines: [{ productId: "same-day-parcel", quantity: 1 }],
        submissionId: shop.submission(),
      }),
    ]);
    const stored = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.stripeCustomerId).toMatch(/^cus_/);
    const ridesSession = await shop.rides.checkout.sessions.retrieve(atRides.sessionId);
    const deliveriesSession = await shop.deliveries.checkout.sessions.retrieve(atDeliveries.sessionId);
    expect(ridesSession.customer).toBe(stored.stripeCustomerId);
    expect(deliveriesSession.customer).toBe(stored.stripeCustomerId);

    const payments = await Promise.all([shop.pay(atRides.clientSecret), shop.pay(atDeliveries.clientSecret)]);
    expect(payments.map((payment) => payment.status)).toEqual([200, 200]);
    const statuses = await Promise.all([
      shop.checkoutStatus(user, atRides.sessionId),
      shop.checkoutStatus(user, atDeliveries.sessionId),
    ]);
    expect(statuses.map((status) => status.status)).toEqual(["complete", "complete"]);

    const orders = await shop.prisma.order.findMany({
      where: { userId: user.id },
      orderBy: { brand: "asc" },
    });
    expect(orders.map((order) => [order.brand, order.amountTotal, order.cardLast4])).toEqual([
      ["deliveries", 1200, "4242"],
      ["rides", 1850, "4242"],
    ]);
    const customers = await shop.rides.customers.list({ email: user.email });
    expect(customers.data.map((customer) => customer.id)).toEqual([stored.stripeCustomerId]);
  });

  it("records each completed checkout once, however often the return page is loaded", async () => {
    const user = await shop.newShopper();
    const created = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "airport-transfer", quantity: 1 }],
      submissionId: shop.submission(),
    });
    await shop.pay(created.clientSecret);
    await Promise.all([1, 2, 3].map(() => shop.checkoutStatus(user, created.sessionId)));
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it("marks the customer changed once per purchase, so no dashboard serves a card count from before it", async () => {
    const user = await shop.newShopper();
    const version = async () =>
      (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeDataVersion;
    const before = await version();
    const created = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    await shop.pay(created.clientSecret);
    await shop.checkoutStatus(user, created.sessionId);
    expect(await version()).toBe(before + 1);
    await shop.checkoutStatus(user, created.sessionId);
    expect(await version()).toBe(before + 1);
  });

  it("starts over with a new customer when Stripe no longer has the stored one", async () => {
    const user = await shop.newShopper();
    const first = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const before = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
    await shop.pay(first.clientSecret);
    await shop.checkoutStatus(user, first.sessionId);
    await shop.rides.customers.del(before);

    const second = await shop.createCheckoutSession(user, {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const after = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId;
    expect(after).toMatch(/^cus_/);
    expect(after).not.toBe(before);
    expect((await shop.deliveries.checkout.sessions.retrieve(second.sessionId)).customer).toBe(after);
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it("starts over with a new customer when the signed-in user still carries the deleted id", async () => {
    const shopper = await shop.newShopper();
    await shop.createCheckoutSession(shopper, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const before = (await shop.prisma.user.findUniqueOrThrow({ where: { id: shopper.id } }))
      .stripeCustomerId!;
    await shop.rides.customers.del(before);

    // As getCurrentUser reads it: the canonical id comes with the user.
    const user = { ...shopper, stripeCustomerId: before };
    const second = await shop.createCheckoutSession(user, {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const after = (await shop.prisma.user.findUniqueOrThrow({ where: { id: shopper.id } })).stripeCustomerId;
    expect(after).toMatch(/^cus_/);
    expect(after).not.toBe(before);
    expect((await shop.deliveries.checkout.sessions.retrieve(second.sessionId)).customer).toBe(after);
  });

  it("never shows one shopper another shopper's checkout", async () => {
    const owner = await shop.newShopper();
    const stranger = await shop.newShopper();
    const created = await shop.createCheckoutSession(owner, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    await expect(shop.checkoutStatus(stranger, created.sessionId)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("reliability", () => {
  it("keeps one customer and no duplicate sessions through 50 concurrent first purchases with 20% of Stripe calls failing", async () => {
    const user = await shop.newShopper();
    const faults = (body: unknown, method = "POST") =>
      fetch(`${world.emulator.url}/_emulator/faults`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "POST" ? JSON.stringify(body) : null,
      });
    await faults({ rules: [{ path: "/v1/*", status: 500, rate: 0.2 }] });
    const purchases = Array.from({ length: 50 }, (_, index) => ({
      brand: index % 2 ? "rides" : "deliveries",
      // One cart per purchase: a second cart of the same products would expire the first one's session.
      lines: [{ productId: index % 2 ? "city-ride" : "grocery-run", quantity: 1 + Math.floor(index / 2) }],
      submissionId: `reliability${index.toString().padStart(4, "0")}`,
    }));
    // Every purchase is also submitted twice, as a double click would.
    const results = await Promise.allSettled(
      [...purchases, ...purchases].map((body) => shop.createCheckoutSession(user, body)),
    );
    const injected = (await (await fetch(`${world.emulator.url}/_emulator/faults`)).json()) as {
      rules: { applied: number }[];
    };
    await faults(null, "DELETE");
    expect(injected.rules[0]?.applied).toBeGreaterThan(10);

    const stored = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const customers = await shop.rides.customers.list({ email: user.email, limit: 100 });
    expect(customers.data.map((customer) => customer.id)).toEqual([stored.stripeCustomerId]);

    const sessions = new Map<string, string>();
    for (const [index, result] of results.entries()) {
      if (result.status !== "fulfilled") continue;
      const submission = purchases[index % 50]!.submissionId;
      const seen = sessions.get(submission);
      if (seen) expect(result.value.sessionId).toBe(seen);
      sessions.set(submission, result.value.sessionId);
    }
    const [ridesSessions, deliveriesSessions] = await Promise.all([
      shop.rides.checkout.sessions.list({ customer: stored.stripeCustomerId!, limit: 100 }),
      shop.deliveries.checkout.sessions.list({ customer: stored.stripeCustomerId!, limit: 100 }),
    ]);
    const inStripe = ridesSessions.data.length + deliveriesSessions.data.length;
    const failed = results.filter((result) => result.status === "rejected").length;
    console.log(
      `reliability: 100 submissions (50 distinct), ${injected.rules[0]?.applied} Stripe calls failed with 500, ` +
        `${failed} submissions failed after retries, ` +
        `${sessions.size} sessions recorded, ${inStripe} in Stripe, 1 customer`,
    );
    expect(sessions.size).toBeGreaterThanOrEqual(45);
    expect(inStripe).toBe(new Set(sessions.values()).size);
    expect(await shop.prisma.checkout.count({ where: { userId: user.id } })).toBe(sessions.size);
  }, 60_000);
});
