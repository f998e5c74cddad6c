import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as CreateSession from "@/lib/checkout/create-session";
import type * as Status from "@/lib/checkout/status";
import type * as Db from "@/lib/db";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";

// App modules read the environment once, so they are imported after the world starts.
let world: IntegrationWorld;
let app: {
  prisma: typeof Db.prisma;
  createCheckoutSession: typeof CreateSession.createCheckoutSession;
  checkoutStatus: typeof Status.checkoutStatus;
};

const RIDES_KEY = "sk_test_rides_emulator_0001";
const DELIVERIES_KEY = "sk_test_deliveries_emulator_0001";
let rides: Stripe;
let deliveries: Stripe;

beforeAll(async () => {
  world = await startIntegrationWorld();
  const port = Number(new URL(world.emulator.url).port);
  const options = { host: "127.0.0.1", port, protocol: "http" as const };
  rides = new Stripe(RIDES_KEY, options);
  deliveries = new Stripe(DELIVERIES_KEY, options);
  app = {
    prisma: (await import("@/lib/db")).prisma,
    createCheckoutSession: (await import("@/lib/checkout/create-session")).createCheckoutSession,
    checkoutStatus: (await import("@/lib/checkout/status")).checkoutStatus,
  };
});

afterAll(async () => {
  await app?.prisma.$disconnect();
  await world?.close();
});

let userCount = 0;
async function newShopper() {
  userCount += 1;
  const email = `shopper${userCount}-${Date.now()}@example.com`;
  const user = await app.prisma.user.create({ data: { email, name: `Shopper ${userCount}` } });
  return { id: user.id, email, name: user.name, role: "shopper" as const };
}

const submission = () => `sub${Math.random().toString(36).slice(2, 12)}`;

async function pay(clientSecret: string, card = "4242424242424242", save = true) {
  const sessionId = clientSecret.split("_secret_")[0]!;
  return world.control(`/_emulator/checkout/sessions/${sessionId}/confirm`, {
    client_secret: clientSecret,
    card: { number: card, exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen", country: "US" },
    save_payment_method: save,
  });
}

describe("checkout sessions", () => {
  it("creates an embedded session in the brand's account, priced from the catalog", async () => {
    const user = await newShopper();
    const { sessionId } = await app.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 2 }],
      submissionId: submission(),
    });
    const session = await rides.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    expect(session.ui_mode).toBe("embedded_page");
    expect(session.amount_total).toBe(2 * 1850);
    expect(session.return_url).toBe(
      "http://127.0.0.1:3999/rides/checkout/return?session_id={CHECKOUT_SESSION_ID}",
    );
    expect(session.saved_payment_method_options?.payment_method_save).toBe("enabled");
    expect(session.metadata).toEqual({ rocket_user_id: user.id, brand: "rides" });
    expect(session.line_items?.data[0]?.description).toBe("City ride");
    await expect(deliveries.checkout.sessions.retrieve(sessionId)).rejects.toThrow(
      /No such checkout.session/,
    );
  });

  it("answers a double submit with the same session, and a new cart with a new one", async () => {
    const user = await newShopper();
    const body = {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: submission(),
    };
    const [first, second] = await Promise.all([
      app.createCheckoutSession(user, body),
      app.createCheckoutSession(user, body),
    ]);
    expect(second.sessionId).toBe(first.sessionId);
    const other = await app.createCheckoutSession(user, {
      ...body,
      lines: [{ productId: "grocery-run", quantity: 2 }],
    });
    expect(other.sessionId).not.toBe(first.sessionId);
    expect(await app.prisma.checkout.count({ where: { userId: user.id } })).toBe(2);
  });

  it("refuses products that are not in the brand's catalog, and unknown brands", async () => {
    const user = await newShopper();
    const attempt = (brand: string, productId: string) =>
      app.createCheckoutSession(user, {
        brand,
        lines: [{ productId, quantity: 1 }],
        submissionId: submission(),
      });
    await expect(attempt("rides", "grocery-run")).rejects.toMatchObject({ code: "not_found" });
    await expect(attempt("moon", "city-ride")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("one canonical customer per user", () => {
  it("survives two first purchases at two brands at the same time", async () => {
    const user = await newShopper();
    const [atRides, atDeliveries] = await Promise.all([
      app.createCheckoutSession(user, {
        brand: "rides",
        lines: [{ productId: "city-ride", quantity: 1 }],
        submissionId: submission(),
      }),
      app.createCheckoutSession(user, {
        brand: "deliveries",
        lines: [{ productId: "same-day-parcel", quantity: 1 }],
        submissionId: submission(),
      }),
    ]);
    const stored = await app.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.stripeCustomerId).toMatch(/^cus_/);
    const ridesSession = await rides.checkout.sessions.retrieve(atRides.sessionId);
    const deliveriesSession = await deliveries.checkout.sessions.retrieve(atDeliveries.sessionId);
    expect(ridesSession.customer).toBe(stored.stripeCustomerId);
    expect(deliveriesSession.customer).toBe(stored.stripeCustomerId);

    const payments = await Promise.all([pay(atRides.clientSecret), pay(atDeliveries.clientSecret)]);
    expect(payments.map((payment) => payment.status)).toEqual([200, 200]);
    const statuses = await Promise.all([
      app.checkoutStatus(user, atRides.sessionId),
      app.checkoutStatus(user, atDeliveries.sessionId),
    ]);
    expect(statuses.map((status) => status.status)).toEqual(["complete", "complete"]);

    const orders = await app.prisma.order.findMany({ where: { userId: user.id }, orderBy: { brand: "asc" } });
    expect(orders.map((order) => [order.brand, order.amountTotal, order.cardLast4])).toEqual([
      ["deliveries", 1200, "4242"],
      ["rides", 1850, "4242"],
    ]);
    const customers = await rides.customers.list({ email: user.email });
    expect(customers.data.map((customer) => customer.id)).toEqual([stored.stripeCustomerId]);
  });

  it("records each completed checkout once, however often the return page is loaded", async () => {
    const user = await newShopper();
    const created = await app.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "airport-transfer", quantity: 1 }],
      submissionId: submission(),
    });
    await pay(created.clientSecret);
    await Promise.all([1, 2, 3].map(() => app.checkoutStatus(user, created.sessionId)));
    expect(await app.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it("starts over with a new customer when Stripe no longer has the stored one", async () => {
    const user = await newShopper();
    const first = await app.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: submission(),
    });
    const before = (await app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
    await pay(first.clientSecret);
    await app.checkoutStatus(user, first.sessionId);
    await rides.customers.del(before);

    const second = await app.createCheckoutSession(user, {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: submission(),
    });
    const after = (await app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId;
    expect(after).toMatch(/^cus_/);
    expect(after).not.toBe(before);
    expect((await deliveries.checkout.sessions.retrieve(second.sessionId)).customer).toBe(after);
    expect(await app.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it("never shows one shopper another shopper's checkout", async () => {
    const owner = await newShopper();
    const stranger = await newShopper();
    const created = await app.createCheckoutSession(owner, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: submission(),
    });
    await expect(app.checkoutStatus(stranger, created.sessionId)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
