import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as WebhookRoute from "@/app/api/webhooks/stripe/route";
import type * as ConnectClone from "@/lib/customers/connect-clone";
import { findBrand } from "@/lib/brands";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

const PLATFORM = "acct_1RocketPlatform001";
const RIDES_CONNECTED = "acct_1RocketRidesCnct01";
const DELIVERIES_CONNECTED = "acct_1RocketDelivCnct01";

let world: IntegrationWorld;
let shop: Shop;
let platform: Stripe;
let connect: typeof ConnectClone;
let webhook: typeof WebhookRoute.POST;

beforeAll(async () => {
  process.env.SHARING_STRATEGY = "connect-clone";
  world = await startIntegrationWorld();
  shop = await openShop(world);
  const port = Number(new URL(world.emulator.url).port);
  const options = { host: "127.0.0.1", port, protocol: "http" as const };
  platform = new Stripe("sk_test_platform_emulator_0001", options);
  connected = (account) =>
    new Stripe("sk_test_platform_emulator_0001", { ...options, stripeAccount: account });
  connect = await import("@/lib/customers/connect-clone");
  webhook = (await import("@/app/api/webhooks/stripe/route")).POST;
});

afterAll(async () => {
  delete process.env.SHARING_STRATEGY;
  await shop?.prisma.$disconnect();
  await world?.close();
});

let connected: (account: string) => Stripe;

async function buy(user: Awaited<ReturnType<Shop["newShopper"]>>, brand: "rides" | "deliveries") {
  return shop.createCheckoutSession(user, {
    brand,
    lines: [{ productId: brand === "rides" ? "city-ride" : "grocery-run", quantity: 1 }],
    submissionId: shop.submission(),
  });
}

/** Pays with the session's preselected saved card, as one click on Pay does. */
async function payWithSavedCard(clientSecret: string) {
  const view = await fetch(
    `${world.emulator.url}/_emulator/checkout/sessions/by-secret/${encodeURIComponent(clientSecret)}`,
  );
  const body = (await view.json()) as { saved_payment_methods: { id: string }[] };
  const saved = body.saved_payment_methods[0];
  expect(saved, "a saved card is offered").toBeDefined();
  const sessionId = clientSecret.split("_secret_")[0]!;
  return world.control(`/_emulator/checkout/sessions/${sessionId}/confirm`, {
    client_secret: clientSecret,
    payment_method: saved!.id,
  });
}

/**
 * Delivers the platform's `payment_method.attached` event for a card to our webhook route, as
 * Stripe does (the event as the emulator recorded it, signed with the platform endpoint's secret).
 */
async function deliverAttached(paymentMethodId: string): Promise<Response> {
  const events = await platform.events.list({ type: "payment_method.attached", limit: 100 });
  const event = events.data.find(
    (candidate) => (candidate.data.object as { id: string }).id === paymentMethodId,
  );
  expect(event, `payment_method.attached for ${paymentMethodId}`).toBeDefined();
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: "whsec_platform_account_emulator_0001",
  });
  return webhook(
    new Request("http://127.0.0.1/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    }),
  );
}

/** The platform customer and its one card after a first purchase that saved it. */
async function savedPlatformCard(userId: string) {
  const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const [card] = (await platform.customers.listPaymentMethods(stripeCustomerId!, { type: "card" })).data;
  return { platformCustomer: stripeCustomerId!, card: card! };
}

/** Counts the Stripe calls `run` makes (a fault rule that matches every API call and changes nothing). */
async function stripeCalls(run: () => Promise<unknown>): Promise<number> {
  world.emulator.faults.set([{ path: "/v1/*", rate: 1 }]);
  try {
    await run();
    const [rule] = world.emulator.faults.list() as { applied: number }[];
    return rule?.applied ?? 0;
  } finally {
    world.emulator.faults.clear();
  }
}

describe("connect-clone strategy", () => {
  it("saves the first card on the platform, then pays at each brand with a clone in one click", async () => {
    const user = await shop.newShopper();
    const first = await buy(user, "rides");
    expect(first.stripeAccount).toBeNull();
    expect((await shop.pay(first.clientSecret)).status).toBe(200);
    const firstStatus = await shop.checkoutStatus(user, first.sessionId);
    expect([firstStatus.status, firstStatus.card?.last4]).toEqual(["complete", "4242"]);

    const { stripeCustomerId: platformCustomer } = await shop.prisma.user.findUniqueOrThrow({
      where: { id: user.id },
    });
    const platformCards = await platform.customers.listPaymentMethods(platformCustomer!, { type: "card" });
    expect(platformCards.data).toHaveLength(1);
    const firstSession = await platform.checkout.sessions.retrieve(first.sessionId, {
      expand: ["payment_intent"],
    });
    const firstIntent = firstSession.payment_intent as Stripe.PaymentIntent;
    expect(firstIntent.transfer_data?.destination).toBe(RIDES_CONNECTED);

    const second = await buy(user, "deliveries");
    expect(second.stripeAccount).toBe(DELIVERIES_CONNECTED);
    expect((await payWithSavedCard(second.clientSecret)).status).toBe(200);
    expect((await shop.checkoutStatus(user, second.sessionId)).status).toBe("complete");

    const mapping = await shop.prisma.customerClone.findUniqueOrThrow({
      where: { userId_account: { userId: user.id, account: DELIVERIES_CONNECTED } },
    });
    expect(mapping.platformCustomerId).toBe(platformCustomer);
    expect(mapping.sourcePaymentMethodId).toBe(platformCards.data[0]!.id);
    expect(mapping.paymentMethodId).not.toBe(platformCards.data[0]!.id);
    const connectedIntents = await connected(DELIVERIES_CONNECTED).paymentIntents.list({
      customer: mapping.customerId,
    });
    expect(connectedIntents.data.map((intent) => [intent.amount, intent.status])).toEqual([
      [2500, "succeeded"],
    ]);
    // Charges on the clone are not reflected on the platform customer; our orders still have both.
    const platformIntents = await platform.paymentIntents.list({ customer: platformCustomer! });
    expect(platformIntents.data.map((intent) => intent.id)).toEqual([firstIntent.id]);
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(2);
  });

  it("clones once and reuses the clone, and re-clones when the platform card changes", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const deliveries = findBrand("deliveries")!;
    const first = await buy(user, "deliveries");
    const again = await buy(user, "deliveries");
    const clone = await shop.prisma.customerClone.findUniqueOrThrow({
      where: { userId_account: { userId: user.id, account: DELIVERIES_CONNECTED } },
    });
    const sessions = await Promise.all(
      [first, again].map((s) => connected(DELIVERIES_CONNECTED).checkout.sessions.retrieve(s.sessionId)),
    );
    expect(sessions.map((session) => session.customer)).toEqual([clone.customerId, clone.customerId]);
    const clonedCards = await connected(DELIVERIES_CONNECTED).customers.listPaymentMethods(clone.customerId);
    expect(clonedCards.data.map((card) => card.id)).toEqual([clone.paymentMethodId]);

    // The shopper replaces their card on the platform: its webhook clones the new one.
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const newCard = await platform.paymentMethods.create({ type: "card", card: { token: "tok_mastercard" } });
    await platform.paymentMethods.attach(newCard.id, { customer: stripeCustomerId! });
    expect((await deliverAttached(newCard.id)).status).toBe(200);
    await buy(user, "deliveries");
    const recloned = await shop.prisma.customerClone.findUniqueOrThrow({ where: { id: clone.id } });
    expect(recloned.sourcePaymentMethodId).toBe(newCard.id);
    expect(recloned.paymentMethodId).not.toBe(clone.paymentMethodId);
    const cloned = await connected(DELIVERIES_CONNECTED).paymentMethods.retrieve(recloned.paymentMethodId!);
    expect(cloned.card?.last4).toBe("4444");
    expect(deliveries.stripe.connectedAccount).toBe(DELIVERIES_CONNECTED);
  });

  it("clones the legacy way with a single-use token", async () => {
    const user = await shop.newShopper();
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    await shop.pay((await buy(user, "rides")).clientSecret);
    const platformCustomer = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    expect(stripeCustomerId ?? platformCustomer).toBe(platformCustomer);
    const [card] = (await platform.customers.listPaymentMethods(platformCustomer, { type: "card" })).data;
    const clone = await connect.cloneFor(user, findBrand("rides")!, platformCustomer, card!, "token");
    expect(clone.method).toBe("token");
    expect(clone.paymentMethodId).toMatch(/^card_/);
    const intent = await connected(RIDES_CONNECTED).paymentIntents.create({
      amount: 999,
      currency: "usd",
      customer: clone.customerId,
      payment_method: clone.paymentMethodId!,
      confirm: true,
    });
    expect(intent.status).toBe("succeeded");

    // The seed's three steps by hand: a token is good for one use only.
    const rides = connected(RIDES_CONNECTED);
    const token = await rides.tokens.create({ customer: platformCustomer });
    await rides.customers.create({ source: token.id });
    await expect(rides.customers.create({ source: token.id })).rejects.toMatchObject({
      code: "token_already_used",
    });
  });

  it("refuses a platform card used directly in a connected account, and the app recovers by cloning", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const platformCustomer = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    const [card] = (await platform.customers.listPaymentMethods(platformCustomer, { type: "card" })).data;
    await expect(
      connected(DELIVERIES_CONNECTED).paymentIntents.create({
        amount: 1200,
        currency: "usd",
        payment_method: card!.id,
        confirm: true,
      }),
    ).rejects.toMatchObject({ code: "resource_missing" });

    const session = await buy(user, "deliveries");
    expect((await payWithSavedCard(session.clientSecret)).status).toBe(200);
    expect((await shop.checkoutStatus(user, session.sessionId)).status).toBe("complete");
    expect(PLATFORM).toMatch(/^acct_/);
  });

  it("removes a card from the platform and from every brand's clone, and clones the next card on next use", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    await buy(user, "deliveries");
    const platformCustomer = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    const clone = await shop.prisma.customerClone.findUniqueOrThrow({
      where: { userId_account: { userId: user.id, account: DELIVERIES_CONNECTED } },
    });
    const strategy = connect.connectCloneStrategy();
    const [shown] = await strategy.savedCards(platformCustomer);
    expect(shown?.last4).toBe("4242");

    expect(await strategy.detachCard(platformCustomer, "pm_not_this_customers")).toBe(false);
    expect(await strategy.detachCard(platformCustomer, shown!.id)).toBe(true);
    expect(await strategy.savedCards(platformCustomer)).toEqual([]);
    const left = await connected(DELIVERIES_CONNECTED).customers.listPaymentMethods(clone.customerId);
    expect(left.data).toEqual([]);
    const forgotten = await shop.prisma.customerClone.findUniqueOrThrow({ where: { id: clone.id } });
    expect(forgotten.paymentMethodId).toBeNull();

    const newCard = await platform.paymentMethods.create({ type: "card", card: { token: "tok_mastercard" } });
    await platform.paymentMethods.attach(newCard.id, { customer: platformCustomer });
    await buy(user, "deliveries");
    const recloned = await shop.prisma.customerClone.findUniqueOrThrow({ where: { id: clone.id } });
    expect(recloned.sourcePaymentMethodId).toBe(newCard.id);
  });

  it("keeps one clone when two checkouts at a brand make it at once", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const platformCustomer = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    const [card] = (await platform.customers.listPaymentMethods(platformCustomer, { type: "card" })).data;
    const deliveries = findBrand("deliveries")!;
    const clones = await Promise.all([
      connect.cloneFor(user, deliveries, platformCustomer, card!),
      connect.cloneFor(user, deliveries, platformCustomer, card!),
    ]);
    expect(clones[1].id).toBe(clones[0].id);
    expect(await shop.prisma.customerClone.count({ where: { userId: user.id } })).toBe(1);
  });

  it("reports a failure to record the clone as it is, instead of looking for a clone nobody made", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const platformCustomer = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    const [card] = (await platform.customers.listPaymentMethods(platformCustomer, { type: "card" })).data;
    // The account is deleted while its checkout is being prepared: the clone row cannot reference it.
    await shop.prisma.user.delete({ where: { id: user.id } });
    await expect(
      connect.cloneFor(user, findBrand("deliveries")!, platformCustomer, card!),
    ).rejects.toMatchObject({ code: "P2003" });
  });

  it("saves a card an admin adds on the platform, and the next brand checkout offers its clone", async () => {
    const user = await shop.newShopper();
    const { startCardSetup, finishCardSetup } = await import("@/lib/org/card-setup");
    const started = await startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    const saved = await world.control(`/_emulator/checkout/sessions/${started.sessionId}/confirm`, {
      client_secret: started.clientSecret,
      card: { number: "5555555555554444", exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen" },
    });
    expect(saved.status).toBe(200);
    const { card } = await finishCardSetup(user.id, started.sessionId);
    const platformCustomer = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    const onPlatform = await platform.customers.listPaymentMethods(platformCustomer, { type: "card" });
    expect(onPlatform.data.map((method) => method.id)).toEqual([card.id]);

    const paid = await payWithSavedCard((await buy(user, "deliveries")).clientSecret);
    expect(paid.status).toBe(200);
    const clone = await shop.prisma.customerClone.findUniqueOrThrow({
      where: { userId_account: { userId: user.id, account: DELIVERIES_CONNECTED } },
    });
    expect(clone.sourcePaymentMethodId).toBe(card.id);
  });

  it("clones a card saved on the platform into every brand when its webhook arrives: then a checkout is one Stripe call", async () => {
    const user = await shop.newShopper();
    const first = await buy(user, "rides");
    expect((await shop.pay(first.clientSecret)).status).toBe(200);
    // The return page records the purchase (so the same cart bought again is a new purchase).
    await shop.checkoutStatus(user, first.sessionId);
    const { platformCustomer, card } = await savedPlatformCard(user.id);

    expect((await deliverAttached(card.id)).status).toBe(200);
    const clones = await shop.prisma.customerClone.findMany({
      where: { userId: user.id },
      orderBy: { account: "asc" },
    });
    expect(
      clones.map((clone) => [clone.account, clone.platformCustomerId, clone.sourcePaymentMethodId]),
    ).toEqual([
      [DELIVERIES_CONNECTED, platformCustomer, card.id],
      [RIDES_CONNECTED, platformCustomer, card.id],
    ]);
    const event = await shop.prisma.webhookEvent.findFirstOrThrow({
      where: { type: "payment_method.attached", account: PLATFORM, customer: platformCustomer },
    });
    expect([event.outcome, event.detail]).toEqual([
      "applied",
      `card ${card.id} cloned into 2 of 2 brand accounts`,
    ]);

    // The shopper's first checkout at Rocket Deliveries, and a repeat one at Rocket Rides.
    const owner = { ...user, stripeCustomerId: platformCustomer };
    let atDeliveries: Awaited<ReturnType<typeof buy>> | undefined;
    expect(await stripeCalls(async () => (atDeliveries = await buy(owner, "deliveries")))).toBe(1);
    expect(await stripeCalls(() => buy(owner, "rides"))).toBe(1);
    expect(atDeliveries?.stripeAccount).toBe(DELIVERIES_CONNECTED);
    expect((await payWithSavedCard(atDeliveries!.clientSecret)).status).toBe(200);
    expect((await shop.checkoutStatus(user, atDeliveries!.sessionId)).card?.last4).toBe("4242");

    // A redelivery changes nothing: still one clone per brand, one customer in each account.
    expect((await deliverAttached(card.id)).status).toBe(200);
    expect(await shop.prisma.customerClone.count({ where: { userId: user.id } })).toBe(2);
    const inDeliveries = await connected(DELIVERIES_CONNECTED).customers.list({ email: user.email });
    expect(inDeliveries.data).toHaveLength(1);
  });

  it("clones inline when the checkout comes before the webhook", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const { platformCustomer, card } = await savedPlatformCard(user.id);
    const owner = { ...user, stripeCustomerId: platformCustomer };
    // The platform's card list, the brand's customer, the clone, attach, allow_redisplay, the session.
    expect(await stripeCalls(() => buy(owner, "deliveries"))).toBe(6);
    // The webhook arriving afterwards finds the clone made and adds the other brand's.
    expect((await deliverAttached(card.id)).status).toBe(200);
    const clones = await shop.prisma.customerClone.findMany({ where: { userId: user.id } });
    expect(clones.map((clone) => clone.sourcePaymentMethodId)).toEqual([card.id, card.id]);
  });

  it("answers a transient failure with 5xx so Stripe retries, and the retry finishes the clones", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const { card } = await savedPlatformCard(user.id);
    // Every attempt (the SDK's own retries included) to clone into a connected account fails.
    world.emulator.faults.set([{ path: "/v1/payment_methods", method: "POST", status: 500, rate: 1 }]);
    try {
      expect((await deliverAttached(card.id)).status).toBe(500);
    } finally {
      world.emulator.faults.clear();
    }
    const failed = await shop.prisma.webhookEvent.findFirstOrThrow({
      where: { type: "payment_method.attached", account: PLATFORM, customer: card.customer as string },
    });
    expect([failed.outcome, failed.processedAt]).toEqual(["failed", null]);

    expect((await deliverAttached(card.id)).status).toBe(200);
    const clones = await shop.prisma.customerClone.findMany({ where: { userId: user.id } });
    expect(clones.map((clone) => [clone.sourcePaymentMethodId, Boolean(clone.paymentMethodId)])).toEqual([
      [card.id, true],
      [card.id, true],
    ]);
    const retried = await shop.prisma.webhookEvent.findUniqueOrThrow({ where: { id: failed.id } });
    expect(retried.outcome).toBe("applied");
  });

  it("makes one clone per brand when two instances handle the same delivery at once", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const { card } = await savedPlatformCard(user.id);
    const answers = await Promise.all([deliverAttached(card.id), deliverAttached(card.id)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const clones = await shop.prisma.customerClone.findMany({ where: { userId: user.id } });
    expect(clones).toHaveLength(2);
    for (const clone of clones) {
      const cards = await connected(clone.account).customers.listPaymentMethods(clone.customerId);
      expect(cards.data.map((method) => method.id)).toEqual([clone.paymentMethodId]);
      const customers = await connected(clone.account).customers.list({ email: user.email });
      expect(customers.data).toHaveLength(1);
    }
  });

  it("does not clone a card attached inside a connected account (our own clones included)", async () => {
    const user = await shop.newShopper();
    await shop.pay((await buy(user, "rides")).clientSecret);
    const { platformCustomer, card } = await savedPlatformCard(user.id);
    const clone = await connect.cloneFor(user, findBrand("deliveries")!, platformCustomer, card);
    const strategy = connect.connectCloneStrategy();
    expect(await strategy.shareSavedCard(DELIVERIES_CONNECTED, clone.paymentMethodId!)).toEqual({
      outcome: "ignored",
      detail: "only platform cards are cloned into the brands",
    });
    expect(await shop.prisma.customerClone.count({ where: { userId: user.id } })).toBe(1);
  });
});
