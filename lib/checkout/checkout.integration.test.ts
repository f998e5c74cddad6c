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
