import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { emulatorForFile, json } from "./helpers.js";

const { emu, rides, ridesPk: pk } = await emulatorForFile();

async function types(): Promise<string[]> {
  return (await rides.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
}

describe("payment methods", () => {
  it("creates from test tokens and test ids, attaches, lists, detaches", async () => {
    const c = await rides.customers.create({ email: "a@example.com" });
    const pm = await rides.paymentMethods.create({
      type: "card",
      card: { token: "tok_visa" },
      billing_details: {
        name: "Jenny Rosen",
        email: "a@example.com",
        address: { postal_code: "94103", country: "US" },
      },
    });
    expect(pm).toMatchObject({
      object: "payment_method",
      type: "card",
      customer: null,
      allow_redisplay: "unspecified",
    });
    expect(pm.card).toMatchObject({
      brand: "visa",
      last4: "4242",
      funding: "credit",
      display_brand: "visa",
    });
    expect(pm.billing_details.address?.line1).toBeNull();
    const attached = await rides.paymentMethods.attach(pm.id, { customer: c.id });
    expect(attached.customer).toBe(c.id);
    const mc = await rides.paymentMethods.attach("pm_card_mastercard", { customer: c.id });
    expect(mc.id).toMatch(/^pm_/);
    expect(mc.card?.brand).toBe("mastercard");
    const list = await rides.customers.listPaymentMethods(c.id, { type: "card" });
    expect(list.data.map((p) => p.id)).toEqual([mc.id, pm.id]);
    const one = await rides.customers.retrievePaymentMethod(c.id, pm.id);
    expect(one.id).toBe(pm.id);
    const viaList = await rides.paymentMethods.list({ customer: c.id, type: "card" });
    expect(viaList.data).toHaveLength(2);
    const detached = await rides.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    await expect(rides.paymentMethods.attach(pm.id, { customer: c.id })).rejects.toMatchObject({
      statusCode: 400,
    });
    expect((await types()).filter((t) => t.startsWith("payment_method."))).toEqual([
      "payment_method.attached",
      "payment_method.attached",
      "payment_method.detached",
    ]);
  });

  it("rejects bad card numbers and declines on attach, but 0341 attaches", async () => {
    await expect(
      pk.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424241", exp_month: 12, exp_year: 2034 },
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: "incorrect_number" });
    const c = await rides.customers.create({});
    await expect(
      rides.paymentMethods.attach("pm_card_visa_chargeDeclined", { customer: c.id }),
    ).rejects.toMatchObject({
      type: "StripeCardError",
      code: "card_declined",
      decline_code: "generic_decline",
    });
    const ok = await rides.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: c.id });
    expect(ok.customer).toBe(c.id);
  });

  it("creates with a publishable key (as Stripe.js would) and updates only attached pms", async () => {
    const pm = await pk.paymentMethods.create({
      type: "card",
      card: { number: "5555555555554444", exp_month: 1, exp_year: 2040 },
    });
    await expect(rides.paymentMethods.update(pm.id, { metadata: { a: "1" } })).rejects.toMatchObject({
      statusCode: 400,
    });
    const c = await rides.customers.create({});
    await rides.paymentMethods.attach(pm.id, { customer: c.id });
    const u = await rides.paymentMethods.update(pm.id, {
      allow_redisplay: "always",
      card: { exp_year: 2041 },
    });
    expect(u).toMatchObject({ allow_redisplay: "always" });
    expect(u.card?.exp_year).toBe(2041);
  });

  it("tokens from card details are single use", async () => {
    const tok = await pk.tokens.create({
      card: { number: "4242424242424242", exp_month: "12", exp_year: "2034", cvc: "123" },
    } as Stripe.TokenCreateParams);
    expect(tok).toMatchObject({ object: "token", type: "card", used: false });
    expect(tok.card?.id).toMatch(/^card_/);
    const pm = await rides.paymentMethods.create({ type: "card", card: { token: tok.id } });
    expect(pm.card?.last4).toBe("4242");
    expect((await rides.tokens.retrieve(tok.id)).used).toBe(true);
    await expect(
      rides.paymentMethods.create({ type: "card", card: { token: tok.id } }),
    ).rejects.toMatchObject({ code: "token_already_used" });
  });
});

describe("customer payment settings", () => {
  it("creates with payment_method and a default, switches default_source, adds sources on update", async () => {
    const pm = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    const c = await rides.customers.create({
      payment_method: pm.id,
      invoice_settings: { default_payment_method: pm.id },
      expand: ["invoice_settings.default_payment_method"],
    });
    expect((c.invoice_settings.default_payment_method as Stripe.PaymentMethod).id).toBe(pm.id);
    const other = await rides.customers.create({});
    await expect(
      rides.customers.update(other.id, { invoice_settings: { default_payment_method: pm.id } }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const withCard = await rides.customers.update(c.id, { source: "tok_mastercard" });
    const first = String(withCard.default_source);
    const second = await rides.customers.createSource(c.id, { source: "tok_visa" });
    const switched = await rides.customers.update(c.id, { default_source: second.id });
    expect(switched.default_source).toBe(second.id);
    expect((await rides.customers.listSources(c.id)).data.map((x) => x.id).sort()).toEqual(
      [first, second.id].sort(),
    );
    await expect(rides.customers.update(c.id, { default_source: "card_nope" })).rejects.toMatchObject({
      param: "default_source",
    });
  });
});

describe("payment intents", () => {
  it("walks the status machine and emits the payment events", async () => {
    const pi = await rides.paymentIntents.create({ amount: 2000, currency: "usd" });
    expect(pi).toMatchObject({
      status: "requires_payment_method",
      amount_received: 0,
      latest_charge: null,
      payment_method: null,
    });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    const withPm = await rides.paymentIntents.update(pi.id, { payment_method: "pm_card_visa" });
    expect(withPm.status).toBe("requires_confirmation");
    const done = await rides.paymentIntents.confirm(pi.id, { expand: ["latest_charge"] });
    expect(done.status).toBe("succeeded");
    expect(done.amount_received).toBe(2000);
    const charge = done.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: "charge",
      status: "succeeded",
      paid: true,
      captured: true,
      amount: 2000,
      payment_intent: pi.id,
    });
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    expect(await types()).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
    await expect(rides.paymentIntents.confirm(pi.id)).rejects.toMatchObject({
      code: "payment_intent_unexpected_state",
    });
    await expect(rides.paymentIntents.cancel(pi.id)).rejects.toMatchObject({
      code: "payment_intent_unexpected_state",
    });
  });

  it("validates amount and currency", async () => {
    await expect(
      rides.paymentIntents.create({ currency: "usd" } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({
      code: "parameter_missing",
      param: "amount",
    });
    await expect(rides.paymentIntents.create({ amount: 10, currency: "usd" })).rejects.toMatchObject({
      code: "amount_too_small",
    });
  });

  it("returns 402 with the payment intent embedded on a decline, then succeeds with another card", async () => {
    const pi = await rides.paymentIntents.create({ amount: 2000, currency: "usd" });
    const err = await rides.paymentIntents
      .confirm(pi.id, { payment_method: "pm_card_visa_chargeDeclinedInsufficientFunds" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardErr = err as Stripe.errors.StripeCardError;
    expect(cardErr).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    expect(cardErr.payment_intent?.status).toBe("requires_payment_method");
    expect(cardErr.payment_intent?.last_payment_error?.decline_code).toBe("insufficient_funds");
    const failedCharge = await rides.charges.retrieve(String(cardErr.payment_intent?.latest_charge));
    expect(failedCharge).toMatchObject({ status: "failed", failure_code: "card_declined", paid: false });
    const retry = await rides.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(retry.status).toBe("succeeded");
    expect(
      (await types()).filter((t) => t === "charge.failed" || t === "payment_intent.payment_failed"),
    ).toHaveLength(2);
  });

  it("0341 attaches to the customer and fails at charge time", async () => {
    const c = await rides.customers.create({});
    const pm = await rides.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: c.id });
    await expect(
      rides.paymentIntents.create({
        amount: 1500,
        currency: "usd",
        customer: c.id,
        payment_method: pm.id,
        confirm: true,
      }),
    ).rejects.toMatchObject({ statusCode: 402, decline_code: "generic_decline" });
  });

  it("3DS cards require action, then succeed or fail through the challenge", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_authenticationRequiredOnSetup",
      confirm: true,
      return_url: "https://example.com/back",
    });
    expect(pi.status).toBe("requires_action");
    expect(pi.next_action?.type).toBe("redirect_to_url");
    expect(pi.next_action?.redirect_to_url?.url).toContain(`/_emulator/3ds/${pi.id}`);
    const ok = await json(emu, "POST", `/_emulator/payment_intents/${pi.id}/authenticate`, {
      client_secret: pi.client_secret,
      success: true,
    });
    expect(ok.status).toBe(200);
    expect(ok.body["status"]).toBe("succeeded");

    const pi2 = await rides.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_threeDSecure2Required",
      confirm: true,
    });
    expect(pi2.next_action?.type).toBe("use_stripe_sdk");
    const bad = await json(emu, "POST", `/_emulator/payment_intents/${pi2.id}/authenticate`, {
      client_secret: pi2.client_secret,
      success: false,
    });
    expect(bad.body["status"]).toBe("requires_payment_method");
    const after = await rides.paymentIntents.retrieve(pi2.id);
    expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
    const wrongSecret = await json(emu, "POST", `/_emulator/payment_intents/${pi2.id}/authenticate`, {
      client_secret: "nope",
      success: true,
    });
    expect(wrongSecret.status).toBe(404);
  });

  it("3155 needs no authentication off-session once saved", async () => {
    const c = await rides.customers.create({});
    const pm = await rides.paymentMethods.attach("pm_card_authenticationRequiredOnSetup", { customer: c.id });
    const pi = await rides.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      customer: c.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe("succeeded");
  });

  it("searches payment intents by metadata and status", async () => {
    await rides.paymentIntents.create({ amount: 1000, currency: "usd", metadata: { order: "o-1" } });
    await rides.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      metadata: { order: "o-2" },
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const byMeta = await rides.paymentIntents.search({ query: "metadata['order']:'o-2'" });
    expect(byMeta.data.map((p) => p.amount)).toEqual([2000]);
    const byStatus = await rides.paymentIntents.search({
      query: "status:'requires_payment_method' AND amount>500",
    });
    expect(byStatus.data.map((p) => p.metadata["order"])).toEqual(["o-1"]);
  });

  it("captures manual intents, cancels, lists by customer", async () => {
    const c = await rides.customers.create({});
    const pi = await rides.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      customer: c.id,
      payment_method: "pm_card_visa",
      capture_method: "manual",
      confirm: true,
    });
    expect(pi).toMatchObject({ status: "requires_capture", amount_capturable: 5000 });
    const captured = await rides.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 4000 });
    const other = await rides.paymentIntents.create({ amount: 700, currency: "usd" });
    const canceled = await rides.paymentIntents.cancel(other.id, {
      cancellation_reason: "requested_by_customer",
    });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "requested_by_customer" });
    const mine = await rides.paymentIntents.list({ customer: c.id });
    expect(mine.data.map((p) => p.id)).toEqual([pi.id]);
    const setupFuture = await rides.paymentIntents.create({
      amount: 900,
      currency: "usd",
      customer: c.id,
      payment_method: "pm_card_visa",
      setup_future_usage: "off_session",
      confirm: true,
    });
    const saved = await rides.paymentMethods.retrieve(String(setupFuture.payment_method));
    expect(saved.customer).toBe(c.id);
  });
});

describe("refunds", () => {
  it("refunds partially then fully and emits charge.refunded", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const partial = await rides.refunds.create({ payment_intent: pi.id, amount: 2000 });
    expect(partial).toMatchObject({
      object: "refund",
      amount: 2000,
      status: "succeeded",
      payment_intent: pi.id,
    });
    let charge = await rides.charges.retrieve(String(pi.latest_charge));
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: false });
    await expect(rides.refunds.create({ charge: charge.id, amount: 4000 })).rejects.toMatchObject({
      code: "amount_too_large",
    });
    const rest = await rides.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(3000);
    charge = await rides.charges.retrieve(charge.id, { expand: ["refunds"] });
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(charge.refunds?.data).toHaveLength(2);
    await expect(rides.refunds.create({ charge: charge.id })).rejects.toMatchObject({
      code: "charge_already_refunded",
    });
    expect((await rides.refunds.list({ payment_intent: pi.id })).data).toHaveLength(2);
    expect((await types()).filter((t) => t === "charge.refunded" || t === "refund.created")).toEqual([
      "refund.created",
      "charge.refunded",
      "refund.created",
      "charge.refunded",
    ]);
  });
});
