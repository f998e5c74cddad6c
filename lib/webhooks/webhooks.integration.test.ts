import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as WebhookRoute from "@/app/api/webhooks/stripe/route";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";
import { startWebhookSink, type WebhookSink } from "@/test/support/webhook-sink";

const ORG_SECRET = "whsec_org_rocketgroup_emulator_0001";
const RIDES = "acct_1RocketRides00001";

let world: IntegrationWorld;
let shop: Shop;
let POST: typeof WebhookRoute.POST;
let sink: WebhookSink;

beforeAll(async () => {
  // The emulator delivers to a real HTTP server that hands each request to the route handler.
  sink = await startWebhookSink(() => POST);
  world = await startIntegrationWorld({
    appUrl: sink.url,
    delivery: { baseBackoffMs: 50, maxBackoffMs: 200 },
  });
  shop = await openShop(world);
  POST = (await import("@/app/api/webhooks/stripe/route")).POST;
  await world.emulator.deliverer.stop();
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
  await sink?.close();
});

function signed(payload: string, options: { secret?: string; timestamp?: number } = {}): Request {
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? ORG_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return new Request("http://127.0.0.1/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: payload,
  });
}

let eventSeq = 0;
function fakeEvent(type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000)) {
  eventSeq += 1;
  return JSON.stringify({
    id: `evt_test_${Date.now()}_${eventSeq}`,
    object: "event",
    api_version: "2026-10-28.endive",
    context: RIDES,
    created,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}

async function paidCheckout(brand: "rides" | "deliveries" = "rides", productId = "city-ride") {
  const user = await shop.newShopper();
  const created = await shop.createCheckoutSession(user, {
    brand,
    lines: [{ productId, quantity: 1 }],
    submissionId: shop.submission(),
  });
  await shop.pay(created.clientSecret);
  return { user, ...created };
}

/** Every event the emulator recorded for a session's payment, oldest first. */
async function eventsAbout(stripe: Stripe, objectIds: string[]): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) all.push(event);
  return all
    .filter((event) => {
      const json = JSON.stringify(event.data.object);
      return objectIds.some((id) => json.includes(id));
    })
    .reverse();
}

describe("signature checks", () => {
  it("rejects forged, wrong-secret, stale, future, unsigned and oversized deliveries and stores nothing", async () => {
    const before = await shop.prisma.webhookEvent.count();
    const payload = fakeEvent("payment_method.attached", { id: "pm_x", object: "payment_method" });
    const forged = signed(payload);
    forged.headers.set("stripe-signature", `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`);
    const unsigned = new Request("http://127.0.0.1/api/webhooks/stripe", { method: "POST", body: payload });
    const huge = signed(JSON.stringify({ padding: "x".repeat(600 * 1024) }));
    const cases: [Request, RegExp][] = [
      [forged, /does not match/],
      [signed(payload, { secret: "whsec_somebody_else" }), /does not match/],
      [signed(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 }), /tolerance/],
      [signed(payload, { timestamp: Math.floor(Date.now() / 1000) + 600 }), /tolerance/],
      [unsigned, /Missing Stripe-Signature/],
    ];
    for (const [request, reason] of cases) {
      const response = await POST(request);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(reason);
    }
    const oversized = await POST(huge);
    expect(oversized.status).toBe(413);
    expect((await oversized.json()).error.message).toMatch(/larger than 524288 bytes/);
    expect(await shop.prisma.webhookEvent.count()).toBe(before);
  });
});

describe("processing", () => {
  it("turns a real checkout.session.completed into the order, once, however often it arrives", async () => {
    const { sessionId, user } = await paidCheckout();
    const [completed] = (await eventsAbout(shop.rides, [sessionId])).filter(
      (event) => event.type === "checkout.session.completed",
    );
    expect(completed?.context).toBe(RIDES);
    const payload = JSON.stringify(completed);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => POST(signed(payload))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const orders = await shop.prisma.order.findMany({ where: { userId: user.id } });
    expect(orders.map((order) => [order.status, order.cardLast4])).toEqual([["paid", "4242"]]);
    const records = await shop.prisma.webhookEvent.findMany({ where: { eventId: completed!.id } });
    expect(records.map((record) => [record.outcome, record.attempts])).toEqual([["applied", 1]]);
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(records[0]?.customer).toBe(stripeCustomerId);
  });

  it("links a removed card's payment_method.detached to the customer it was removed from", async () => {
    const { user } = await paidCheckout();
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const [card] = (await shop.rides.customers.listPaymentMethods(stripeCustomerId!)).data;
    await shop.rides.paymentMethods.detach(card!.id);
    const [detached] = (await eventsAbout(shop.rides, [card!.id])).filter(
      (event) => event.type === "payment_method.detached",
    );
    // After detaching, the card names no customer: Stripe keeps the former one in previous_attributes.
    expect((detached?.data.object as Stripe.PaymentMethod).customer).toBeNull();
    expect((await POST(signed(JSON.stringify(detached)))).status).toBe(200);

    const { eventLog } = await import("@/lib/webhooks/event-log");
    const log = await eventLog({ customer: stripeCustomerId!, showIgnored: true });
    expect(log.events.map((row) => row.type)).toContain("payment_method.detached");
  });

  it("links an event to no customer when previous_attributes names something that is not a customer id", async () => {
    const forged = JSON.parse(fakeEvent("payment_method.detached", { id: "pm_forged0001", customer: null }));
    forged.data.previous_attributes = { customer: '%" OR 1=1 --' };
    expect((await POST(signed(JSON.stringify(forged)))).status).toBe(200);
    const record = await shop.prisma.webhookEvent.findFirstOrThrow({ where: { eventId: forged.id } });
    expect(record.customer).toBeNull();
  });

  it("acknowledges a finished card setup (setup-mode Checkout) without making an order", async () => {
    const user = await shop.newShopper();
    const { startCardSetup } = await import("@/lib/org/card-setup");
    const started = await startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    await world.control(`/_emulator/checkout/sessions/${started.sessionId}/confirm`, {
      client_secret: started.clientSecret,
      card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen" },
    });
    const [completed] = (await eventsAbout(shop.rides, [started.sessionId])).filter(
      (event) => event.type === "checkout.session.completed",
    );
    expect((await POST(signed(JSON.stringify(completed)))).status).toBe(200);
    const record = await shop.prisma.webhookEvent.findFirstOrThrow({ where: { eventId: completed!.id } });
    expect([record.outcome, record.detail]).toEqual(["applied", "card setup; saved cards are read live"]);
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(0);
  });

  it("acknowledges an event from an account the app does not know and stores nothing of it", async () => {
    const payload = JSON.parse(fakeEvent("customer.updated", { id: "cus_nobody", object: "customer" }));
    payload.context = "acct_1SomebodyElse000";
    const response = await POST(signed(JSON.stringify(payload)));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, outcome: "ignored" });
    expect(await shop.prisma.webhookEvent.count({ where: { eventId: payload.id } })).toBe(0);
  });

  it("records an event whose object Stripe no longer has as ignored and answers 2xx, so it is not retried", async () => {
    const missingCharge = fakeEvent("charge.refunded", { id: "ch_missing0000000001", object: "charge" });
    const missingCustomer = fakeEvent("customer.updated", { id: "cus_missing00000001", object: "customer" });
    for (const [payload, name] of [
      [missingCharge, /No such charge: 'ch_missing0000000001'/],
      [missingCustomer, /No such customer: 'cus_missing00000001'/],
    ] as const) {
      const response = await POST(signed(payload));
      expect(response.status).toBe(200);
      const record = await shop.prisma.webhookEvent.findFirstOrThrow({
        where: { eventId: JSON.parse(payload).id },
      });
      expect(record.outcome).toBe("ignored");
      expect(record.detail).toMatch(/no longer exists at Stripe/);
      expect(record.detail).toMatch(name);
    }
  });

  it("keeps each account's copy of a shared customer update", async () => {
    const { user } = await paidCheckout();
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    await shop.rides.customers.update(stripeCustomerId!, {
      name: "Jenny R. Rosen",
      phone: "+1 415 555 0100",
    });
    const [fromRides] = (await eventsAbout(shop.rides, [stripeCustomerId!])).filter(
      (e) => e.type === "customer.updated",
    );
    const [fromDeliveries] = (await eventsAbout(shop.deliveries, [stripeCustomerId!])).filter(
      (e) => e.type === "customer.updated",
    );
    expect(fromRides?.context).not.toBe(fromDeliveries?.context);
    for (const event of [fromRides, fromDeliveries, fromRides])
      expect((await POST(signed(JSON.stringify(event)))).status).toBe(200);
    expect(
      await shop.prisma.webhookEvent.count({
        where: { type: "customer.updated", customer: stripeCustomerId, brand: { not: null } },
      }),
    ).toBe(2);
    const synced = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect([synced.name, synced.phone]).toEqual(["Jenny R. Rosen", "+1 415 555 0100"]);
  });

  it("answers 5xx when its own work fails, and the emulator's retry then succeeds", async () => {
    const { sessionId, user } = await paidCheckout("deliveries", "grocery-run");
    // Stripe (the emulator) fails every read the handler needs, retries included.
    await fetch(`${world.emulator.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        rules: [{ path: "/v1/checkout/sessions/*", method: "GET", status: 500, rate: 1 }],
      }),
    });
    await world.control("/_emulator/webhooks/deliver", {});
    const failed = await shop.prisma.webhookEvent.findFirst({
      where: { type: "checkout.session.completed", outcome: "failed" },
    });
    expect(failed).not.toBeNull();
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(0);

    await fetch(`${world.emulator.url}/_emulator/faults`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
    });
    await world.control("/_emulator/webhooks/deliver", {});
    const order = await shop.prisma.order.findFirstOrThrow({ where: { userId: user.id } });
    expect(order.checkoutId).toBe(sessionId);
    const record = await shop.prisma.webhookEvent.findUniqueOrThrow({ where: { id: failed!.id } });
    expect(record.outcome).toBe("applied");
    expect(record.attempts).toBeGreaterThanOrEqual(2);
  });
});

describe("trust: Stripe's current state decides, not the event's copy", () => {
  it("expires a checkout only once Stripe says its session expired", async () => {
    const user = await shop.newShopper();
    const { sessionId } = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const claimed = fakeEvent("checkout.session.expired", {
      id: sessionId,
      object: "checkout.session",
      status: "expired",
    });
    expect((await POST(signed(claimed))).status).toBe(200);
    const stillOpen = await shop.prisma.checkout.findUniqueOrThrow({ where: { id: sessionId } });
    expect(stillOpen.status).toBe("open");
    const record = await shop.prisma.webhookEvent.findFirstOrThrow({
      where: { eventId: JSON.parse(claimed).id },
    });
    expect([record.outcome, record.detail]).toEqual(["ignored", "session is open"]);

    await shop.rides.checkout.sessions.expire(sessionId);
    const [expired] = (await eventsAbout(shop.rides, [sessionId])).filter(
      (event) => event.type === "checkout.session.expired",
    );
    expect((await POST(signed(JSON.stringify(expired)))).status).toBe(200);
    const closed = await shop.prisma.checkout.findUniqueOrThrow({ where: { id: sessionId } });
    expect(closed.status).toBe("expired");
  });

  it("on a paid checkout, expires the cart's other open session (one cart, one payment)", async () => {
    const user = await shop.newShopper();
    const paid = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "airport-transfer", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const raced = await shop.racedSession(paid.sessionId, { quantity: 1, unitAmount: 4500, name: "Airport" });
    await shop.pay(paid.clientSecret);
    const [completed] = (await eventsAbout(shop.rides, [paid.sessionId])).filter(
      (event) => event.type === "checkout.session.completed",
    );
    expect((await POST(signed(JSON.stringify(completed)))).status).toBe(200);
    expect((await shop.rides.checkout.sessions.retrieve(raced.id)).status).toBe("expired");
    const statuses = await shop.prisma.checkout.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { status: true },
    });
    expect(statuses.map((checkout) => checkout.status)).toEqual(["expired", "complete"]);
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(1);
  });

  it("makes the order of a paid session even when the event's copy claims it was a card setup", async () => {
    const { sessionId, user } = await paidCheckout();
    const [completed] = (await eventsAbout(shop.rides, [sessionId])).filter(
      (event) => event.type === "checkout.session.completed",
    );
    const tampered = JSON.parse(JSON.stringify(completed)) as { data: { object: { mode: string } } };
    tampered.data.object.mode = "setup";
    expect((await POST(signed(JSON.stringify(tampered)))).status).toBe(200);
    const orders = await shop.prisma.order.findMany({ where: { userId: user.id } });
    expect(orders.map((order) => order.status)).toEqual(["paid"]);
  });

  it("records no payment failure on a checkout Stripe says was paid, whatever the event claims", async () => {
    const { sessionId } = await paidCheckout();
    const session = await shop.rides.checkout.sessions.retrieve(sessionId);
    const claimed = fakeEvent("payment_intent.payment_failed", {
      id: session.payment_intent,
      object: "payment_intent",
      status: "requires_payment_method",
      last_payment_error: { type: "card_error", message: "Your card is locked: call +1 900 555 0100." },
    });
    expect((await POST(signed(claimed))).status).toBe(200);
    const checkout = await shop.prisma.checkout.findUniqueOrThrow({ where: { id: sessionId } });
    expect(checkout.lastPaymentError).toBeNull();
    const record = await shop.prisma.webhookEvent.findFirstOrThrow({
      where: { eventId: JSON.parse(claimed).id },
    });
    expect([record.outcome, record.detail]).toEqual(["ignored", "payment is succeeded"]);
  });

  it("syncs the profile Stripe holds now, whatever `created` an event claims", async () => {
    const { user } = await paidCheckout();
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const tenYears = 10 * 365 * 24 * 3600;
    const fromTheFuture = fakeEvent(
      "customer.updated",
      { id: stripeCustomerId, object: "customer", name: "Far Future" },
      Math.floor(Date.now() / 1000) + tenYears,
    );
    expect((await POST(signed(fromTheFuture))).status).toBe(200);

    await shop.rides.customers.update(stripeCustomerId!, { name: "Jenny Later", phone: "+1 415 555 0199" });
    const [updated] = (await eventsAbout(shop.rides, [stripeCustomerId!])).filter(
      (event) => event.type === "customer.updated",
    );
    expect((await POST(signed(JSON.stringify(updated)))).status).toBe(200);
    const synced = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect([synced.name, synced.phone]).toEqual(["Jenny Later", "+1 415 555 0199"]);

    // A stale copy arriving last changes nothing: Stripe's current customer is applied again.
    const stale = fakeEvent("customer.updated", { id: stripeCustomerId, object: "customer", name: "Old" }, 1);
    expect((await POST(signed(stale))).status).toBe(200);
    const after = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect([after.name, after.phone, after.email]).toEqual(["Jenny Later", "+1 415 555 0199", synced.email]);
  });
});

describe("order independence", () => {
  it("leaves 100 orders in their true state after 1,000 shuffled, partly duplicated events", async () => {
    const purchases = [];
    for (let i = 0; i < 100; i++)
      purchases.push(await paidCheckout(i % 2 ? "rides" : "deliveries", i % 2 ? "city-ride" : "grocery-run"));
    // Refund a third fully and a third partly (twice), so refund events race completions.
    const expected = new Map<string, number>();
    for (const [index, purchase] of purchases.entries()) {
      const stripe = index % 2 ? shop.rides : shop.deliveries;
      const session = await stripe.checkout.sessions.retrieve(purchase.sessionId);
      const intent = String(session.payment_intent);
      const amount = session.amount_total ?? 0;
      if (index % 3 === 0) await stripe.refunds.create({ payment_intent: intent });
      if (index % 3 === 1) {
        await stripe.refunds.create({ payment_intent: intent, amount: 100 });
        await stripe.refunds.create({ payment_intent: intent, amount: 200 });
      }
      expected.set(purchase.sessionId, index % 3 === 0 ? amount : index % 3 === 1 ? 300 : 0);
    }
    const relevant = (await Promise.all([eventsFor(shop.rides), eventsFor(shop.deliveries)])).flat();
    const stream = relevant.flatMap((event, index) => (index % 10 < 3 ? [event, event] : [event]));
    while (stream.length < 1000) stream.push(relevant[stream.length % relevant.length]!);
    shuffle(stream);
    for (const event of stream) expect((await POST(signed(JSON.stringify(event)))).status).toBe(200);

    for (const purchase of purchases) {
      const order = await shop.prisma.order.findUniqueOrThrow({ where: { checkoutId: purchase.sessionId } });
      const refunded = expected.get(purchase.sessionId)!;
      expect([order.amountRefunded, order.status]).toEqual([
        refunded,
        refunded === 0 ? "paid" : refunded >= order.amountTotal ? "refunded" : "partially_refunded",
      ]);
    }
    console.log(`order independence: ${stream.length} events (${relevant.length} distinct) for 100 orders`);
  }, 120_000);
});

async function eventsFor(stripe: Stripe): Promise<Stripe.Event[]> {
  const wanted = new Set([
    "checkout.session.completed",
    "charge.refunded",
    "refund.created",
    "payment_intent.succeeded",
  ]);
  const out: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) if (wanted.has(event.type)) out.push(event);
  return out;
}

// Deterministic shuffle, so a failure can be replayed.
function shuffle<T>(items: T[], seed = 42): void {
  let state = seed;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
