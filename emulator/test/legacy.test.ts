import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, basic, emulatorForFile, KEYS, rawGet, rawPost } from "./helpers.js";

const onRides = { stripeAccount: ACCOUNTS.ridesConnected };

const { emu, rides, platform } = await emulatorForFile();

/** The error a rejected SDK call threw (fails the test when the call succeeded). */
async function rejection(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (e) {
    return e as Stripe.errors.StripeError;
  }
  throw new Error("the call succeeded, but Stripe refuses it");
}

async function eventsOf(stripe: Stripe, type: string, opts?: Stripe.RequestOptions): Promise<Stripe.Event[]> {
  return (await stripe.events.list({ type, limit: 100 }, opts)).data;
}

function cardDetailsOf(charge: Stripe.Charge): Stripe.Charge.PaymentMethodDetails.Card {
  const card = charge.payment_method_details?.card;
  if (!card) throw new Error(`charge ${charge.id} has no card details`);
  return card;
}

describe("legacy charges: POST /v1/charges", () => {
  it("charges a test token: a succeeded charge without a PaymentIntent, its card as the source", async () => {
    const charge = await rides.charges.create({
      amount: 2000,
      currency: "usd",
      source: "tok_visa",
      description: "Ride to the airport",
      metadata: { order: "42" },
      statement_descriptor: "ROCKET RIDE 42",
      shipping: { name: "Jenny Rosen", address: { line1: "1 Main St", city: "Springfield" } },
    });
    expect(charge.shipping).toEqual({
      name: "Jenny Rosen",
      address: {
        city: "Springfield",
        country: null,
        line1: "1 Main St",
        line2: null,
        postal_code: null,
        state: null,
      },
      carrier: null,
      phone: null,
      tracking_number: null,
    });
    expect(charge).toMatchObject({
      object: "charge",
      amount: 2000,
      amount_captured: 2000,
      amount_refunded: 0,
      currency: "usd",
      captured: true,
      paid: true,
      status: "succeeded",
      payment_intent: null,
      customer: null,
      description: "Ride to the airport",
      metadata: { order: "42" },
      statement_descriptor: "ROCKET RIDE 42",
      failure_code: null,
    });
    expect(charge.id).toMatch(/^ch_/);
    expect(charge.balance_transaction).toMatch(/^txn_/);
    const source = charge.source as Stripe.Card;
    expect(source).toMatchObject({ object: "card", brand: "Visa", last4: "4242" });
    expect(charge.payment_method).toBe(source.id);
    expect(cardDetailsOf(charge)).toMatchObject({ brand: "visa", last4: "4242", network: "visa" });

    expect(await rides.charges.retrieve(charge.id)).toEqual(charge);
    const succeeded = await eventsOf(rides, "charge.succeeded");
    expect(succeeded.map((e) => (e.data.object as Stripe.Charge).id)).toEqual([charge.id]);
  });

  it("declines tok_chargeDeclined with Stripe's 402 and records the failed charge and charge.failed", async () => {
    const err = await rejection(
      rides.charges.create({ amount: 2000, currency: "usd", source: "tok_chargeDeclined" }),
    );
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe("StripeCardError");
    expect(err.raw).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    });
    const chargeId = String((err.raw as { charge?: string }).charge);
    expect(chargeId).toMatch(/^ch_/);
    expect((err.raw as Record<string, unknown>)["payment_intent"]).toBeUndefined();

    const failed = await rides.charges.retrieve(chargeId);
    expect(failed).toMatchObject({
      status: "failed",
      paid: false,
      captured: false,
      amount_captured: 0,
      failure_code: "card_declined",
      failure_message: "Your card was declined.",
      payment_intent: null,
      balance_transaction: null,
    });
    expect(failed.outcome).toMatchObject({ type: "issuer_declined", reason: "generic_decline" });
    expect((await eventsOf(rides, "charge.failed")).map((e) => (e.data.object as Stripe.Charge).id)).toEqual([
      chargeId,
    ]);
    expect(await eventsOf(rides, "charge.succeeded")).toHaveLength(0);
    expect((await rides.charges.list()).data.map((c) => c.id)).toEqual([chargeId]);
  });

  it("charges a customer's default source, or the card given as source, and lists by customer", async () => {
    const customer = await rides.customers.create({ email: "jenny@example.com", source: "tok_visa" });
    const second = (await rides.customers.createSource(customer.id, {
      source: "tok_mastercard",
    })) as Stripe.Card;

    const byDefault = await rides.charges.create({ amount: 1500, currency: "usd", customer: customer.id });
    expect(byDefault).toMatchObject({ status: "succeeded", customer: customer.id, payment_intent: null });
    expect((byDefault.source as Stripe.Card).id).toBe(customer.default_source);
    expect(byDefault.payment_method).toBe(customer.default_source);

    const bySource = await rides.charges.create({
      amount: 1600,
      currency: "usd",
      customer: customer.id,
      source: second.id,
    });
    expect((bySource.source as Stripe.Card).id).toBe(second.id);
    expect(cardDetailsOf(bySource)).toMatchObject({ brand: "mastercard", last4: "4444" });

    await rides.charges.create({ amount: 700, currency: "usd", source: "tok_visa" });
    const listed = await rides.charges.list({ customer: customer.id });
    expect(listed.data.map((c) => c.id)).toEqual([bySource.id, byDefault.id]);
  });

  it("refuses what Stripe refuses: no card on the customer, a token with a customer, a card without its customer, neither", async () => {
    const bare = await rides.customers.create({ email: "no-card@example.com" });
    const noCard = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", customer: bare.id }),
    );
    expect(noCard.statusCode).toBe(402);
    expect(noCard.raw).toMatchObject({
      type: "card_error",
      code: "missing",
      param: "card",
      message: "Cannot charge a customer that has no active card",
    });

    const withCard = await rides.customers.create({ source: "tok_visa" });
    const tokenWithCustomer = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", customer: withCard.id, source: "tok_visa" }),
    );
    expect(tokenWithCustomer.statusCode).toBe(404);
    expect(tokenWithCustomer.raw).toMatchObject({
      type: "invalid_request_error",
      code: "missing",
      param: "source",
      message: `Customer ${withCard.id} does not have a linked source with ID tok_visa.`,
    });

    const cardAlone = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", source: String(withCard.default_source) }),
    );
    expect(cardAlone.statusCode).toBe(400);
    expect(cardAlone.raw).toMatchObject({
      code: "resource_missing",
      param: "source",
      message: `No such token: '${String(withCard.default_source)}'`,
    });

    const hashWithCustomer = await rejection(
      rides.charges.create({
        amount: 1000,
        currency: "usd",
        customer: withCard.id,
        source: { object: "card" },
      } as unknown as Stripe.ChargeCreateParams),
    );
    expect(hashWithCustomer.statusCode).toBe(400);
    expect(hashWithCustomer.raw).toMatchObject({ param: "source" });

    const neither = await rejection(rides.charges.create({ amount: 1000, currency: "usd" }));
    expect(neither.statusCode).toBe(400);
    expect(neither.raw).toMatchObject({
      code: "parameter_missing",
      message: "Must provide source or customer.",
    });

    const unknownCustomer = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", customer: "cus_nobody" }),
    );
    expect(unknownCustomer.statusCode).toBe(400);
    expect(unknownCustomer.raw).toMatchObject({ code: "resource_missing", param: "customer" });

    // Nothing above created a charge or an event about one.
    expect((await rides.charges.list()).data).toHaveLength(0);
  });

  it("applies the PaymentIntents' currency and amount rules", async () => {
    const currency = await rejection(
      rides.charges.create({ amount: 1000, currency: "xyz", source: "tok_visa" }),
    );
    expect(currency.statusCode).toBe(400);
    expect(currency.raw).toMatchObject({ param: "currency" });
    expect(currency.message).toMatch(
      /^Invalid currency: xyz\. Stripe currently supports these currencies: usd,/,
    );

    const small = await rejection(rides.charges.create({ amount: 49, currency: "usd", source: "tok_visa" }));
    expect(small.raw).toMatchObject({
      code: "amount_too_small",
      param: "amount",
      message: "Amount must be at least $0.50 usd",
    });

    const missingAmount = await rejection(
      rides.charges.create({ currency: "usd", source: "tok_visa" } as Stripe.ChargeCreateParams),
    );
    expect(missingAmount.raw).toMatchObject({ code: "parameter_missing", param: "amount" });

    const yen = await rides.charges.create({ amount: 500, currency: "JPY", source: "tok_visa" });
    expect(yen).toMatchObject({ amount: 500, currency: "jpy", status: "succeeded" });
  });

  it("declines a saved 0341 card at charge time, and a card that needs authentication", async () => {
    const customer = await rides.customers.create({ source: "tok_chargeCustomerFail" });
    const declined = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", customer: customer.id }),
    );
    expect(declined.statusCode).toBe(402);
    expect(declined.raw).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });

    const threeDS = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", source: "tok_threeDSecure2Required" }),
    );
    expect(threeDS.statusCode).toBe(402);
    expect(threeDS.raw).toMatchObject({
      code: "authentication_required",
      decline_code: "authentication_required",
    });
    expect(await eventsOf(rides, "charge.failed")).toHaveLength(2);
  });

  it("authorizes with capture=false, then captures part of it; the rest is released, not refundable", async () => {
    const auth = await rides.charges.create({
      amount: 2000,
      currency: "usd",
      source: "tok_visa",
      capture: false,
    });
    expect(auth).toMatchObject({
      status: "succeeded",
      paid: true,
      captured: false,
      amount_captured: 0,
      balance_transaction: null,
    });
    expect(await eventsOf(rides, "charge.succeeded")).toHaveLength(1);

    const captured = await rides.charges.capture(auth.id, { amount: 1500 });
    expect(captured).toMatchObject({ captured: true, amount_captured: 1500, amount_refunded: 500 });
    expect(captured.balance_transaction).toMatch(/^txn_/);
    const capturedEvents = await eventsOf(rides, "charge.captured");
    expect(capturedEvents).toHaveLength(1);
    expect(capturedEvents[0]?.data.previous_attributes).toMatchObject({ captured: false });

    const again = await rejection(rides.charges.capture(auth.id));
    expect(again.statusCode).toBe(400);
    expect(again.raw).toMatchObject({
      code: "charge_already_captured",
      message: `Charge ${auth.id} has already been captured.`,
    });

    const tooMuch = await rejection(rides.refunds.create({ charge: auth.id, amount: 1600 }));
    expect(tooMuch.raw).toMatchObject({ code: "amount_too_large" });
    const refund = await rides.refunds.create({ charge: auth.id });
    expect(refund.amount).toBe(1500);
  });

  it("refuses to capture more than was authorized, and a missing charge", async () => {
    const auth = await rides.charges.create({
      amount: 2000,
      currency: "usd",
      source: "tok_visa",
      capture: false,
    });
    const over = await rejection(rides.charges.capture(auth.id, { amount: 2001 }));
    expect(over.statusCode).toBe(400);
    expect(over.raw).toMatchObject({ param: "amount", code: "amount_too_large" });
    const missing = await rejection(rides.charges.capture("ch_nothing"));
    expect(missing.statusCode).toBe(404);
    expect(missing.raw).toMatchObject({ code: "resource_missing", message: "No such charge: 'ch_nothing'" });
    expect((await rides.charges.retrieve(auth.id)).captured).toBe(false);
  });

  it("updates description and metadata with charge.updated", async () => {
    const charge = await rides.charges.create({
      amount: 1000,
      currency: "usd",
      source: "tok_visa",
      metadata: { a: "1" },
    });
    const updated = await rides.charges.update(charge.id, { description: "Late fee", metadata: { b: "2" } });
    expect(updated).toMatchObject({ description: "Late fee", metadata: { a: "1", b: "2" } });
    expect(await rides.charges.retrieve(charge.id)).toMatchObject({ description: "Late fee" });
    const events = await eventsOf(rides, "charge.updated");
    expect(events).toHaveLength(1);
    expect(events[0]?.data.previous_attributes).toEqual({ description: null, metadata: { a: "1" } });
  });

  it("refunds a legacy charge with POST /v1/refunds charge=, fully or in parts", async () => {
    const charge = await rides.charges.create({ amount: 3000, currency: "usd", source: "tok_visa" });
    const part = await rides.refunds.create({ charge: charge.id, amount: 1000 });
    expect(part).toMatchObject({
      amount: 1000,
      charge: charge.id,
      payment_intent: null,
      status: "succeeded",
    });
    const rest = await rides.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(2000);
    const refunded = await rides.charges.retrieve(charge.id, { expand: ["refunds"] });
    expect(refunded).toMatchObject({ amount_refunded: 3000, refunded: true });
    expect(refunded.refunds?.data.map((r) => r.id).sort()).toEqual([part.id, rest.id].sort());
    expect(await eventsOf(rides, "charge.refunded")).toHaveLength(2);
    const again = await rejection(rides.refunds.create({ charge: charge.id }));
    expect(again.raw).toMatchObject({ code: "charge_already_refunded" });
  });

  it("replays an idempotent charge instead of charging twice", async () => {
    const params = { amount: 1000, currency: "usd", source: "tok_visa" };
    const first = await rides.charges.create(params, { idempotencyKey: "charge-once" });
    const second = await rides.charges.create(params, { idempotencyKey: "charge-once" });
    expect(second.id).toBe(first.id);
    expect((await rides.charges.list()).data).toHaveLength(1);
  });
});

describe("legacy Connect cloning: creating charges using the new tokens", () => {
  it("charges a token made from a platform customer's card on the connected account, once", async () => {
    const platformCustomer = await platform.customers.create({
      email: "paying.user@example.com",
      source: "tok_mastercard",
    });
    const token = await platform.tokens.create({ customer: platformCustomer.id }, onRides);
    expect(token.card?.last4).toBe("4444");

    const charge = await platform.charges.create({ amount: 999, currency: "usd", source: token.id }, onRides);
    expect(charge).toMatchObject({ status: "succeeded", amount: 999, payment_intent: null, customer: null });
    expect(cardDetailsOf(charge)).toMatchObject({ brand: "mastercard", last4: "4444" });
    expect((charge.source as Stripe.Card).id).toBe(token.card?.id);

    // The charge lives in the connected account only.
    expect((await platform.charges.list({}, onRides)).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await platform.charges.list()).data).toHaveLength(0);
    const notOnPlatform = await rejection(platform.charges.retrieve(charge.id));
    expect(notOnPlatform.statusCode).toBe(404);
    const [event] = await eventsOf(platform, "charge.succeeded", onRides);
    expect(event).toMatchObject({ account: ACCOUNTS.ridesConnected, context: ACCOUNTS.ridesConnected });

    const reuse = await rejection(
      platform.charges.create({ amount: 999, currency: "usd", source: token.id }, onRides),
    );
    expect(reuse.statusCode).toBe(400);
    expect(reuse.raw).toMatchObject({
      code: "token_already_used",
      message: `You cannot use a Stripe token more than once: ${token.id}.`,
    });
  });

  it("runs over raw HTTP as the docs' curl would", async () => {
    const auth = basic(KEYS.platform);
    const customer = await rawPost(
      emu,
      "/v1/customers",
      "email=paying.user%40example.com&source=tok_mastercard",
      auth,
    );
    const headers = { ...auth, "stripe-account": ACCOUNTS.deliveriesConnected };
    const token = await rawPost(emu, "/v1/tokens", { customer: String(customer.body["id"]) }, headers);
    const charge = await rawPost(
      emu,
      "/v1/charges",
      { amount: "999", currency: "usd", source: String(token.body["id"]) },
      headers,
    );
    expect(charge.status).toBe(200);
    expect(charge.body).toMatchObject({ object: "charge", status: "succeeded", payment_intent: null });
  });
});

describe("transaction_link_id on every card charge", () => {
  it("renders null (test cards carry none) on PaymentIntent and legacy charges", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_mastercard",
      confirm: true,
      expand: ["latest_charge"],
    });
    const viaIntent = cardDetailsOf(pi.latest_charge as Stripe.Charge);
    expect(viaIntent).toHaveProperty("transaction_link_id", null);
    expect(viaIntent).toHaveProperty("electronic_commerce_indicator", null);

    const legacy = cardDetailsOf(
      await rides.charges.create({ amount: 1000, currency: "usd", source: "tok_visa" }),
    );
    expect(legacy).toHaveProperty("transaction_link_id", null);

    const err = await rejection(
      rides.charges.create({ amount: 1000, currency: "usd", source: "tok_chargeDeclined" }),
    );
    const failed = cardDetailsOf(
      await rides.charges.retrieve(String((err.raw as { charge?: string }).charge)),
    );
    expect(failed).toHaveProperty("transaction_link_id", null);
  });
});

describe("customer cards: the /cards alias of /sources", () => {
  it("creates, lists, retrieves, updates and deletes a card over /v1/customers/:id/cards", async () => {
    const customer = await rides.customers.create({ email: "cards@example.com" });
    const auth = basic(KEYS.rides);
    const created = await rawPost(emu, `/v1/customers/${customer.id}/cards`, { source: "tok_visa" }, auth);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: "card",
      customer: customer.id,
      last4: "4242",
      brand: "Visa",
    });
    const cardId = String(created.body["id"]);
    expect((await rides.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      default_source: cardId,
    });

    // The older spelling: the card under `card`.
    const second = await rawPost(emu, `/v1/customers/${customer.id}/cards`, { card: "tok_mastercard" }, auth);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ object: "card", last4: "4444" });

    const list = await rawGet(emu, `/v1/customers/${customer.id}/cards`, auth);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      object: "list",
      url: `/v1/customers/${customer.id}/cards`,
      has_more: false,
    });
    expect((list.body["data"] as { id: string }[]).map((c) => c.id).sort()).toEqual(
      [cardId, String(second.body["id"])].sort(),
    );

    const one = await rawGet(emu, `/v1/customers/${customer.id}/cards/${cardId}`, auth);
    expect(one.body).toMatchObject({ id: cardId, object: "card" });

    const updated = await rawPost(
      emu,
      `/v1/customers/${customer.id}/cards/${cardId}`,
      { name: "Jenny Rosen" },
      auth,
    );
    expect(updated.body).toMatchObject({ id: cardId, name: "Jenny Rosen" });
    // The same card through the sources API the SDK calls.
    expect(await rides.customers.retrieveSource(customer.id, cardId)).toMatchObject({ name: "Jenny Rosen" });

    const deleted = await fetch(`${emu.url}/v1/customers/${customer.id}/cards/${cardId}`, {
      method: "DELETE",
      headers: auth,
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({
      id: cardId,
      object: "card",
      customer: customer.id,
      deleted: true,
    });
    const gone = await rawGet(emu, `/v1/customers/${customer.id}/cards/${cardId}`, auth);
    expect(gone.status).toBe(404);
    expect(gone.body["error"]).toMatchObject({ code: "resource_missing" });
  });

  it("answers the sources API's errors on /cards", async () => {
    const customer = await rides.customers.create({});
    const auth = basic(KEYS.rides);
    const noSource = await rawPost(emu, `/v1/customers/${customer.id}/cards`, {}, auth);
    expect(noSource.status).toBe(400);
    expect(noSource.body["error"]).toMatchObject({ code: "parameter_missing", param: "source" });
    const declined = await rawPost(
      emu,
      `/v1/customers/${customer.id}/cards`,
      { source: "tok_chargeDeclined" },
      auth,
    );
    expect(declined.status).toBe(402);
    expect(declined.body["error"]).toMatchObject({ type: "card_error", code: "card_declined" });
    const unknown = await rawGet(emu, `/v1/customers/cus_nobody/cards`, auth);
    expect(unknown.status).toBe(404);
  });
});

describe("pretty-printed JSON, as Stripe answers", () => {
  async function rawText(res: Response): Promise<string> {
    const text = await res.text();
    // Exactly JSON.stringify with a two-space indent, and a final newline.
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    return text;
  }

  it("indents objects, lists and errors by two spaces and ends with a newline", async () => {
    const customer = await rides.customers.create({ email: "pretty@example.com" });
    const auth = basic(KEYS.rides);
    const one = await rawText(await fetch(`${emu.url}/v1/customers/${customer.id}`, { headers: auth }));
    expect(one.startsWith(`{\n  "id": "${customer.id}",\n  "object": "customer",\n`)).toBe(true);
    expect(one).toContain('\n  "metadata": {},\n');
    await rawText(await fetch(`${emu.url}/v1/customers?limit=1`, { headers: auth }));

    const created = await fetch(`${emu.url}/v1/customers`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40example.com",
    });
    await rawText(created);

    const notFound = await rawText(await fetch(`${emu.url}/v1/customers/cus_nobody`, { headers: auth }));
    expect(notFound.startsWith('{\n  "error": {\n    ')).toBe(true);
    await rawText(await fetch(`${emu.url}/v1/customers`));
    await rawText(await fetch(`${emu.url}/v1/nothing-here`, { headers: auth }));
    await rawText(await fetch(`${emu.url}/v1/customers/`, { headers: auth }));
    const declined = await fetch(`${emu.url}/v1/charges`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
      body: "amount=1000&currency=usd&source=tok_chargeDeclined",
    });
    expect(declined.status).toBe(402);
    await rawText(declined);
  });

  it("answers a body the server cannot read with Stripe's error shape, printed the same way", async () => {
    const auth = basic(KEYS.rides);
    const badJson = await fetch(`${emu.url}/v1/customers`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    const text = await rawText(badJson);
    expect((JSON.parse(text) as { error: Record<string, unknown> }).error).toMatchObject({
      type: "invalid_request_error",
    });
    const control = await fetch(`${emu.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(control.status).toBe(400);
    expect(JSON.parse(await rawText(control))).toHaveProperty("error.type", "invalid_request_error");
  });

  it("replays an idempotent response byte for byte", async () => {
    const headers = {
      ...basic(KEYS.rides),
      "content-type": "application/x-www-form-urlencoded",
      "idempotency-key": "pretty-replay",
    };
    const init = { method: "POST", headers, body: "email=b%40example.com" };
    const first = await rawText(await fetch(`${emu.url}/v1/customers`, init));
    const replay = await fetch(`${emu.url}/v1/customers`, init);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await rawText(replay)).toBe(first);
  });
});
