import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as CardSetup from "@/lib/org/card-setup";
import type * as Actions from "@/lib/org/customer-actions";
import type * as Detail from "@/lib/org/customer-detail";
import type * as List from "@/lib/org/customer-list";
import type * as Refunds from "@/lib/org/refunds";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

let world: IntegrationWorld;
let shop: Shop;
let customerDetail: typeof Detail.customerDetail;
let listCustomers: typeof List.listCustomers;
let refundPayment: typeof Refunds.refundPayment;
let actions: typeof Actions;
let cardSetup: typeof CardSetup;

beforeAll(async () => {
  world = await startIntegrationWorld();
  shop = await openShop(world);
  customerDetail = (await import("@/lib/org/customer-detail")).customerDetail;
  listCustomers = (await import("@/lib/org/customer-list")).listCustomers;
  refundPayment = (await import("@/lib/org/refunds")).refundPayment;
  actions = await import("@/lib/org/customer-actions");
  cardSetup = await import("@/lib/org/card-setup");
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

type Shopper = Awaited<ReturnType<Shop["newShopper"]>>;

/** Buys at a brand the way the app does: session, payment (new card or a saved one), return page. */
async function buy(
  user: Shopper,
  brand: "rides" | "deliveries",
  productId: string,
  quantity = 1,
  savedCard?: string,
) {
  const created = await shop.createCheckoutSession(user, {
    brand,
    lines: [{ productId, quantity }],
    submissionId: shop.submission(),
  });
  const paid = savedCard
    ? await world.control(`/_emulator/checkout/sessions/${created.sessionId}/confirm`, {
        client_secret: created.clientSecret,
        payment_method: savedCard,
      })
    : await shop.pay(created.clientSecret);
  expect(paid.status).toBe(200);
  const status = await shop.checkoutStatus(user, created.sessionId);
  const order = await shop.prisma.order.findUniqueOrThrow({ where: { id: status.orderId ?? "" } });
  return order;
}

async function crossBrandShopper() {
  const user = await shop.newShopper();
  const ride = await buy(user, "rides", "city-ride", 2);
  const stored = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  const customerId = stored.stripeCustomerId ?? "";
  const cards = await shop.rides.customers.listPaymentMethods(customerId, { type: "card" });
  const delivery = await buy(user, "deliveries", "grocery-run", 1, cards.data[0]?.id);
  return { user, customerId, ride, delivery };
}

const key = () => `test-${Math.random().toString(36).slice(2)}-${Date.now()}`;

describe("the customer page's data", () => {
  it("shows both brands' payments in one timeline with spend per brand and in total", async () => {
    const { user, customerId, ride, delivery } = await crossBrandShopper();
    // A payment made in Deliveries outside the app (no order) still belongs to the customer's history.
    const outside = await shop.deliveries.paymentIntents.create({
      customer: customerId,
      amount: 990,
      currency: "usd",
      payment_method: "pm_card_mastercard",
      confirm: true,
    });
    const detail = await customerDetail(user.id);
    expect(detail?.stripeCustomerId).toBe(customerId);
    // Payments made within the same second may come in either order: compare by amount.
    const byAmount = [...(detail?.timeline ?? [])].sort((a, b) => a.amount - b.amount);
    expect(
      byAmount.map((entry) => [entry.brand, entry.amount, entry.status, entry.source, entry.origin]),
    ).toEqual([
      ["deliveries", 990, "paid", "stripe", "outside"],
      ["deliveries", 2500, "paid", "stripe+order", "order"],
      ["rides", 3700, "paid", "stripe+order", "order"],
    ]);
    expect(byAmount[1]).toMatchObject({
      paymentIntentId: delivery.paymentIntentId,
      orderId: delivery.id,
      card: { last4: "4242" },
    });
    expect(byAmount[2]?.paymentIntentId).toBe(ride.paymentIntentId);
    expect(byAmount[0]?.paymentIntentId).toBe(outside.id);
    const times = detail?.timeline.map((entry) => entry.created) ?? [];
    expect(times).toEqual([...times].sort().reverse());
    // Lifetime spend is the list's: our orders. The payment outside the app is shown beside it.
    expect(detail?.spend.perBrand.map((line) => [line.brand, line.net])).toEqual([
      ["rides", 3700],
      ["deliveries", 2500],
    ]);
    expect(detail?.spend.totals).toEqual([
      { currency: "usd", gross: 6200, refunded: 0, net: 6200, payments: 2 },
    ]);
    expect(detail?.outside.map((total) => [total.currency, total.net])).toEqual([["usd", 990]]);
    const listed = await listCustomers({ search: user.email });
    expect(listed.customers[0]?.spend).toEqual(detail?.spend.totals);
    expect(detail?.cards?.map((card) => card.last4)).toEqual(["4242"]);
    expect(await customerDetail("no-such-user")).toBeNull();
  });
});

describe("the customer list", () => {
  it("finds customers by name or email with brands, saved cards and spend from our orders", async () => {
    const { user } = await crossBrandShopper();
    await shop.newShopper(); // no canonical customer: not listed
    const byEmail = await listCustomers({ search: user.email.toUpperCase() });
    expect(byEmail.customers.map((row) => [row.id, row.brands, row.savedCards, row.spend[0]?.net])).toEqual([
      [user.id, ["rides", "deliveries"], 1, 6200],
    ]);
    await shop.prisma.user.update({ where: { id: user.id }, data: { name: "Zelda Quartermain" } });
    expect((await listCustomers({ search: "quartermain" })).customers.map((row) => row.id)).toEqual([
      user.id,
    ]);
    const all = await listCustomers({ page: 99 });
    expect(all.page).toBe(all.pages);
    expect(all.customers.every((row) => row.stripeCustomerId.startsWith("cus_"))).toBe(true);
  });
});

describe("refunds", () => {
  it("refunds once per dialog however often it is sent, in the payment's own account", async () => {
    const { user, ride } = await crossBrandShopper();
    const pi = ride.paymentIntentId ?? "";
    const input = {
      brand: "rides",
      paymentIntentId: pi,
      amount: 1000,
      reason: "Ride cancelled",
      idempotencyKey: key(),
    };
    // A double click: two identical requests at once, then a late retry.
    const [first, second] = await Promise.all([
      refundPayment(user.id, input, "admin"),
      refundPayment(user.id, input, "admin"),
    ]);
    const third = await refundPayment(user.id, input, "admin");
    expect(second.refundId).toBe(first.refundId);
    expect(third).toMatchObject({ refundId: first.refundId, replayed: true });
    const refunds = await shop.rides.refunds.list({ payment_intent: pi });
    expect(refunds.data.map((refund) => refund.amount)).toEqual([1000]);
    // Our order follows at once (the webhook would too).
    expect(await shop.prisma.order.findUniqueOrThrow({ where: { id: ride.id } })).toMatchObject({
      amountRefunded: 1000,
      status: "partially_refunded",
    });
    const detail = await customerDetail(user.id);
    const entry = detail?.timeline.find((row) => row.paymentIntentId === pi);
    expect(entry).toMatchObject({ status: "partially_refunded", amountRefunded: 1000, refundable: 2700 });
    expect(detail?.spend.perBrand[0]).toMatchObject({ brand: "rides", net: 2700, refunded: 1000 });

    // The rest, in full, from a new dialog.
    await refundPayment(user.id, { ...input, amount: 2700, idempotencyKey: key() }, "admin");
    expect(await shop.prisma.order.findUniqueOrThrow({ where: { id: ride.id } })).toMatchObject({
      amountRefunded: 3700,
      status: "refunded",
    });
  });

  it("refuses amounts over what is refundable, other customers' payments and the wrong account", async () => {
    const { user, ride, delivery } = await crossBrandShopper();
    const other = await crossBrandShopper();
    const pi = ride.paymentIntentId ?? "";
    const attempt = (overrides: Partial<Parameters<typeof refundPayment>[1]>, userId = user.id) =>
      refundPayment(
        userId,
        {
          brand: "rides",
          paymentIntentId: pi,
          amount: 100,
          reason: "Test refund",
          idempotencyKey: key(),
          ...overrides,
        },
        "a",
      );
    await expect(attempt({ amount: 3701 })).rejects.toMatchObject({
      status: 400,
      message: "You can refund at most $37.00 of this payment.",
      options: { fields: { amount: ["Enter at most $37.00."] } },
    });
    await expect(attempt({}, other.user.id)).rejects.toMatchObject({
      status: 404,
      message: "This payment is not one of this customer's at Rocket Rides.",
    });
    // A Deliveries payment asked for in the Rides account does not exist there.
    await expect(attempt({ paymentIntentId: delivery.paymentIntentId ?? "" })).rejects.toMatchObject({
      status: 404,
      message: "Rocket Rides has no such payment.",
    });
    await expect(attempt({ brand: "moon" })).rejects.toMatchObject({ status: 404 });
    await attempt({ amount: 3700 });
    await expect(attempt({ amount: 1 })).rejects.toMatchObject({
      status: 409,
      message: "This payment is already fully refunded.",
    });
    expect((await shop.rides.refunds.list({ payment_intent: pi })).data).toHaveLength(1);
  });
});

describe("profile and cards", () => {
  it("updates the shared profile in every brand account and removes a card everywhere", async () => {
    const { user, customerId } = await crossBrandShopper();
    await actions.updateCustomerProfile(
      user.id,
      {
        name: "Jenny Q. Rosen",
        email: user.email,
        phone: "+1 415 555 0100",
        address: null,
      },
      "admin",
    );
    const [inRides, inDeliveries] = await Promise.all([
      shop.rides.customers.retrieve(customerId),
      shop.deliveries.customers.retrieve(customerId),
    ]);
    expect([inRides, inDeliveries].map((customer) => !customer.deleted && customer.name)).toEqual([
      "Jenny Q. Rosen",
      "Jenny Q. Rosen",
    ]);
    expect((await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(
      "Jenny Q. Rosen",
    );
    expect((await customerDetail(user.id))?.profile.phone).toBe("+1 415 555 0100");

    const card = (await customerDetail(user.id))?.cards?.[0]?.id ?? "";
    await expect(actions.removeCustomerCard(user.id, "pm_not_hers", "admin")).rejects.toMatchObject({
      status: 404,
    });
    await actions.removeCustomerCard(user.id, card, "admin");
    // The trail says who changed what: the admin edited the profile, then removed the card.
    const trail = await shop.prisma.auditEntry.findMany({
      where: { userId: user.id, actorRole: "admin" },
      orderBy: { createdAt: "asc" },
    });
    expect(trail.map((entry) => [entry.action, entry.actorRole, entry.actorId])).toEqual([
      ["profile.edited", "admin", "admin"],
      ["card.removed", "admin", "admin"],
    ]);
    expect((await customerDetail(user.id))?.cards).toEqual([]);
    expect((await shop.deliveries.customers.listPaymentMethods(customerId, { type: "card" })).data).toEqual(
      [],
    );
  });
});

describe("adding a card for a customer", () => {
  it("saves the card in the home account, where every brand offers it, and never makes an order", async () => {
    const user = await shop.newShopper();
    const other = await shop.newShopper();
    // A shopper who never paid gets their canonical customer now.
    const started = await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    const customerId = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId;
    expect(customerId).toMatch(/^cus_/);
    await expect(cardSetup.finishCardSetup(user.id, started.sessionId)).rejects.toMatchObject({
      status: 409,
      message: "The card has not been saved yet: finish the form first.",
    });

    const saved = await world.control(`/_emulator/checkout/sessions/${started.sessionId}/confirm`, {
      client_secret: started.clientSecret,
      card: { number: "5555555555554444", exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen" },
    });
    expect(saved.status).toBe(200);
    const finished = await cardSetup.finishCardSetup(user.id, started.sessionId);
    expect(finished.card).toMatchObject({ brand: "mastercard", last4: "4444" });
    await expect(cardSetup.finishCardSetup(other.id, started.sessionId)).rejects.toMatchObject({
      status: 404,
    });
    await expect(cardSetup.finishCardSetup(user.id, "cs_test_NotThere")).rejects.toMatchObject({
      status: 404,
    });

    expect((await customerDetail(user.id))?.cards?.map((card) => card.id)).toEqual([finished.card.id]);
    const inDeliveries = await shop.deliveries.customers.listPaymentMethods(customerId ?? "", {
      type: "card",
    });
    expect(inDeliveries.data.map((card) => [card.id, card.allow_redisplay])).toEqual([
      [finished.card.id, "always"],
    ]);
    expect(await shop.prisma.checkout.count({ where: { userId: user.id } })).toBe(0);
    expect(await shop.prisma.order.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("a double click on Add a card", () => {
  it("opens one setup session per submission, and a new one once that session is closed", async () => {
    const user = await shop.newShopper();
    const submission = shop.submission();
    const [first, second] = await Promise.all([
      cardSetup.startCardSetup(user.id, "admin", { submissionId: submission, consent: "Agreed by phone" }),
      cardSetup.startCardSetup(user.id, "admin", { submissionId: submission, consent: "Agreed by phone" }),
    ]);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.clientSecret).toBe(first.clientSecret);
    const customerId = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))
      .stripeCustomerId!;
    const sessions = await shop.rides.checkout.sessions.list({ customer: customerId, limit: 100 });
    expect(sessions.data.map((session) => session.id)).toEqual([first.sessionId]);

    // Another opening of the dialog is another setup; the closed one is never handed out again.
    const other = await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    expect(other.sessionId).not.toBe(first.sessionId);
    await cardSetup.cancelCardSetup(user.id, first.sessionId);
    const reopened = await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: submission,
      consent: "Agreed by phone",
    });
    expect(reopened.sessionId).not.toBe(first.sessionId);
    expect((await shop.rides.checkout.sessions.retrieve(reopened.sessionId)).status).toBe("open");
    expect(
      (
        await cardSetup.startCardSetup(user.id, "admin", {
          submissionId: submission,
          consent: "Agreed by phone",
        })
      ).sessionId,
    ).toBe(reopened.sessionId);
  });

  it("keeps two admins' setups apart even with the same submission id", async () => {
    const user = await shop.newShopper();
    const submission = shop.submission();
    const mine = await cardSetup.startCardSetup(user.id, "admin-one", {
      submissionId: submission,
      consent: "Agreed by phone",
    });
    const theirs = await cardSetup.startCardSetup(user.id, "admin-two", {
      submissionId: submission,
      consent: "Agreed by phone",
    });
    expect(theirs.sessionId).not.toBe(mine.sessionId);
  });
});

describe("a card setup for a customer Stripe no longer has", () => {
  it("makes the customer again and saves the card there", async () => {
    const user = await shop.newShopper();
    await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    const before = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId!;
    await shop.rides.customers.del(before);

    const started = await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    const after = (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId;
    expect(after).toMatch(/^cus_/);
    expect(after).not.toBe(before);
    expect((await shop.rides.checkout.sessions.retrieve(started.sessionId)).customer).toBe(after);
  });
});

describe("a card setup the admin walks away from", () => {
  it("is expired, so its form can no longer save a card; a saved one is left alone", async () => {
    const user = await shop.newShopper();
    const abandoned = await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    expect(await cardSetup.cancelCardSetup(user.id, abandoned.sessionId)).toEqual({ status: "expired" });
    expect(await cardSetup.cancelCardSetup(user.id, abandoned.sessionId)).toEqual({ status: "expired" });
    expect((await shop.rides.checkout.sessions.retrieve(abandoned.sessionId)).status).toBe("expired");
    const late = await world.control(`/_emulator/checkout/sessions/${abandoned.sessionId}/confirm`, {
      client_secret: abandoned.clientSecret,
      card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen" },
    });
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect((await customerDetail(user.id))?.cards).toEqual([]);

    const saved = await cardSetup.startCardSetup(user.id, "admin", {
      submissionId: shop.submission(),
      consent: "Agreed by phone",
    });
    await world.control(`/_emulator/checkout/sessions/${saved.sessionId}/confirm`, {
      client_secret: saved.clientSecret,
      card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen" },
    });
    expect(await cardSetup.cancelCardSetup(user.id, saved.sessionId)).toEqual({ status: "complete" });
    expect((await customerDetail(user.id))?.cards).toHaveLength(1);
    const other = await shop.newShopper();
    await expect(cardSetup.cancelCardSetup(other.id, saved.sessionId)).rejects.toMatchObject({ status: 404 });
  });
});

describe("the event log linked from a customer", () => {
  it("keeps the events about the customer, and filters only by known accounts and types", async () => {
    const { eventLog, eventLogFilters } = await import("@/lib/webhooks/event-log");
    const event = (id: string, customer: string, type: string, account: string, outcome = "applied") => ({
      eventId: id,
      account,
      type,
      created: 1_790_000_000,
      payload: JSON.stringify({ id, data: { object: { customer } } }, null, 2),
      customer,
      outcome,
      detail: outcome === "ignored" ? `no handler for ${type}` : null,
    });
    await shop.prisma.webhookEvent.createMany({
      data: [
        event("evt_log_1", "cus_LogAlice", "charge.refunded", "acct_1RocketRides00001"),
        event("evt_log_2", "cus_LogAliceB", "charge.refunded", "acct_1RocketRides00001"),
        event("evt_log_3", "cus_LogAlice", "customer.updated", "acct_1RocketDeliver0001"),
        event("evt_log_4", "cus_LogAlice", "invoice.paid", "acct_1RocketDeliver0001", "ignored"),
        event("evt_log_5", "cus_LogAlice", "charge.updated", "acct_1RocketDeliver0001", "ignored"),
        event("evt_log_6", "cus_LogAlice", "charge.updated", "acct_1RocketRides00001", "ignored"),
        // Stored before events of unknown accounts were dropped, or made up by a signing-secret holder.
        event("evt_log_7", "cus_LogAlice", "junk.<b>type</b>", "acct_1RocketRides00001", "ignored"),
        event("evt_log_8", "cus_LogAlice", "payout.created", "acct_1SomebodyElse0001", "ignored"),
      ],
    });
    const log = await eventLog({ customer: "cus_LogAlice" });
    expect(log.events.map((row) => row.eventId).sort()).toEqual(["evt_log_1", "evt_log_3"]);
    expect(log.ignored).toEqual([
      { type: "charge.updated", count: 2 },
      { type: "invoice.paid", count: 1 },
      { type: "junk.<b>type</b>", count: 1 },
      { type: "payout.created", count: 1 },
    ]);
    const all = await eventLog({ customer: "cus_LogAlice", showIgnored: true });
    expect(all.events).toHaveLength(7);
    expect(all.events.find((row) => row.eventId === "evt_log_4")?.detail).toEqual([
      { kind: "text", text: "Not an event the app acts on" },
    ]);
    expect(all.events.find((row) => row.eventId === "evt_log_8")?.accountName).toBe("Unknown account");

    const filters = await eventLogFilters();
    expect(filters.types).toEqual(
      expect.arrayContaining(["charge.refunded", "customer.updated", "invoice.paid"]),
    );
    expect(filters.types).toEqual([...new Set(filters.types)].sort());
    expect(filters.types).not.toContain("junk.<b>type</b>");
    expect(filters.types).not.toContain("payout.created");
    expect(filters.accounts).toEqual([
      { id: "acct_1RocketRides00001", label: "Rocket Rides" },
      { id: "acct_1RocketDeliver0001", label: "Rocket Deliveries" },
    ]);
    // Not a customer id: the filter is ignored rather than matching anything by accident.
    expect((await eventLog({ customer: '%" OR 1' })).events.length).toBeGreaterThanOrEqual(3);
  });
});
