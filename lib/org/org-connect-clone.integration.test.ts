import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrand } from "@/lib/brands";
import type * as ConnectClone from "@/lib/customers/connect-clone";
import type * as Detail from "@/lib/org/customer-detail";
import type * as Refunds from "@/lib/org/refunds";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

// The dashboard under the other sharing strategy: payments live on the Connect platform (the first
// purchase, a destination charge) and in each brand's connected account (on the brand's clone).
const PLATFORM = "acct_1RocketPlatform001";
const DELIVERIES_CONNECTED = "acct_1RocketDelivCnct01";

let world: IntegrationWorld;
let shop: Shop;
let customerDetail: typeof Detail.customerDetail;
let refundPayment: typeof Refunds.refundPayment;
let cloneFor: typeof ConnectClone.cloneFor;
let platform: Stripe;
let deliveriesConnected: Stripe;

beforeAll(async () => {
  process.env.SHARING_STRATEGY = "connect-clone";
  world = await startIntegrationWorld();
  shop = await openShop(world);
  customerDetail = (await import("@/lib/org/customer-detail")).customerDetail;
  refundPayment = (await import("@/lib/org/refunds")).refundPayment;
  cloneFor = (await import("@/lib/customers/connect-clone")).cloneFor;
  const port = Number(new URL(world.emulator.url).port);
  const options = { host: "127.0.0.1", port, protocol: "http" as const };
  platform = new Stripe("sk_test_platform_emulator_0001", options);
  deliveriesConnected = new Stripe("sk_test_platform_emulator_0001", {
    ...options,
    stripeAccount: DELIVERIES_CONNECTED,
  });
});

afterAll(async () => {
  delete process.env.SHARING_STRATEGY;
  await shop?.prisma.$disconnect();
  await world?.close();
});

async function payWithSavedCard(clientSecret: string) {
  const view = await fetch(
    `${world.emulator.url}/_emulator/checkout/sessions/by-secret/${encodeURIComponent(clientSecret)}`,
  );
  const body = (await view.json()) as { saved_payment_methods: { id: string }[] };
  const sessionId = clientSecret.split("_secret_")[0] ?? "";
  return world.control(`/_emulator/checkout/sessions/${sessionId}/confirm`, {
    client_secret: clientSecret,
    payment_method: body.saved_payment_methods[0]?.id,
  });
}

describe("the customer page with connect-clone", () => {
  it("gathers the platform's and the clones' payments by our mapping, and refunds each in its own account", async () => {
    const user = await shop.newShopper();
    const ride = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 2 }],
      submissionId: shop.submission(),
    });
    expect((await shop.pay(ride.clientSecret)).status).toBe(200);
    await shop.checkoutStatus(user, ride.sessionId);
    const delivery = await shop.createCheckoutSession(user, {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: shop.submission(),
    });
    expect((await payWithSavedCard(delivery.clientSecret)).status).toBe(200);
    await shop.checkoutStatus(user, delivery.sessionId);
    const orders = await shop.prisma.order.findMany({
      where: { userId: user.id },
      orderBy: { brand: "asc" },
    });
    expect(orders.map((order) => [order.brand, order.account])).toEqual([
      ["deliveries", DELIVERIES_CONNECTED],
      ["rides", PLATFORM],
    ]);

    const detail = await customerDetail(user.id);
    const byBrand = [...(detail?.timeline ?? [])].sort((a, b) => a.brand.localeCompare(b.brand));
    expect(byBrand.map((entry) => [entry.brand, entry.account, entry.amount, entry.source])).toEqual([
      ["deliveries", DELIVERIES_CONNECTED, 2500, "stripe+order"],
      ["rides", PLATFORM, 3700, "stripe+order"],
    ]);
    expect(detail?.spend.totals[0]?.net).toBe(6200);
    expect(detail?.unavailable).toEqual([]);

    for (const entry of byBrand) {
      const result = await refundPayment(
        user.id,
        {
          brand: entry.brand,
          account: entry.account,
          paymentIntentId: entry.paymentIntentId ?? "",
          amount: 500,
          reason: "Test refund",
          idempotencyKey: `connect-clone-${entry.brand}-${Date.now()}`,
        },
        "admin",
      );
      expect(result).toMatchObject({ amount: 500, amountRefunded: 500, replayed: false });
    }
    const after = await customerDetail(user.id);
    expect(after?.timeline.map((entry) => entry.status)).toEqual([
      "partially_refunded",
      "partially_refunded",
    ]);
    expect(after?.spend.totals[0]?.net).toBe(5200);
    expect(
      (await shop.prisma.order.findMany({ where: { userId: user.id } })).map((order) => order.amountRefunded),
    ).toEqual([500, 500]);
  });

  it("asks each connected account about the brand's own customer, so a payment made there outside the app shows", async () => {
    const user = await shop.newShopper();
    const ride = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    expect((await shop.pay(ride.clientSecret)).status).toBe(200);
    await shop.checkoutStatus(user, ride.sessionId);
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const [card] = (await platform.customers.listPaymentMethods(stripeCustomerId!, { type: "card" })).data;
    const clone = await cloneFor(user, findBrand("deliveries")!, stripeCustomerId!, card!);
    // Rocket Deliveries charges its customer itself (a phone order): no checkout of ours knows it.
    const outside = await deliveriesConnected.paymentIntents.create({
      amount: 1500,
      currency: "usd",
      customer: clone.customerId,
      payment_method: clone.paymentMethodId!,
      confirm: true,
    });
    expect(outside.status).toBe("succeeded");

    const detail = await customerDetail(user.id);
    expect(detail?.unavailable).toEqual([]);
    expect(
      detail?.timeline.map((entry) => [entry.brand, entry.account, entry.amount, entry.source]),
    ).toContainEqual(["deliveries", DELIVERIES_CONNECTED, 1500, "stripe"]);
    // Lifetime spend counts the app's orders; the payment outside the app shows beside it.
    expect(detail?.spend.totals[0]?.net).toBe(1850);
    expect(detail?.outside[0]?.net).toBe(1500);
  });
});
