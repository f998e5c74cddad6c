import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, emulatorForFile, json, KEYS, rawPost, VISA } from "./helpers.js";

const { emu, rides, deliveries, platform } = await emulatorForFile();

const ROUTING = "110000000";
const ONLINE_MANDATE: Stripe.PaymentIntentCreateParams.MandateData = {
  customer_acceptance: { type: "online", online: { ip_address: "127.0.0.1", user_agent: "vitest" } },
};

function bankParams(accountNumber = "000123456789"): Stripe.PaymentMethodCreateParams {
  return {
    type: "us_bank_account",
    us_bank_account: {
      routing_number: ROUTING,
      account_number: accountNumber,
      account_holder_type: "individual",
      account_type: "checking",
    },
    billing_details: { name: "Jenny Rosen", email: "jenny@example.com" },
  };
}

async function stripeError(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError) return e;
    throw e;
  }
  throw new Error("expected a Stripe error");
}

/** A shared customer created at Rides with a bank account attached there. */
async function customerWithBank(accountNumber = "000123456789") {
  const customer = await rides.customers.create({ email: "jenny@example.com", name: "Jenny Rosen" });
  const pm = await rides.paymentMethods.create(bankParams(accountNumber));
  await rides.paymentMethods.attach(pm.id, { customer: customer.id });
  return { customer, pm };
}

/** Confirms a first debit at Rides and verifies the bank account with Stripe's test microdeposits. */
async function firstDebit(customer: string, pm: string) {
  const pi = await rides.paymentIntents.create({
    amount: 2500,
    currency: "usd",
    customer,
    payment_method: pm,
    confirm: true,
    mandate_data: ONLINE_MANDATE,
  });
  const verified = await rides.paymentIntents.verifyMicrodeposits(pi.id, { amounts: [32, 45] });
  return { pi, verified };
}

describe("us_bank_account PaymentMethods", () => {
  it("creates one with Stripe's shape from the test routing and account numbers", async () => {
    const pm = await rides.paymentMethods.create(bankParams());
    expect(pm).toMatchObject({
      object: "payment_method",
      type: "us_bank_account",
      customer: null,
      billing_details: { name: "Jenny Rosen", email: "jenny@example.com" },
      us_bank_account: {
        account_holder_type: "individual",
        account_type: "checking",
        bank_name: "STRIPE TEST BANK",
        financial_connections_account: null,
        last4: "6789",
        networks: { preferred: "ach", supported: ["ach"] },
        routing_number: ROUTING,
        status_details: null,
      },
    });
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.card).toBeUndefined();
    expect(pm.us_bank_account?.fingerprint).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // The same account number is the same fingerprint; another one is not.
    const again = await rides.paymentMethods.create(bankParams());
    const other = await rides.paymentMethods.create(bankParams("000222222227"));
    expect(again.us_bank_account?.fingerprint).toBe(pm.us_bank_account?.fingerprint);
    expect(other.us_bank_account?.fingerprint).not.toBe(pm.us_bank_account?.fingerprint);
    expect(await rides.paymentMethods.retrieve(pm.id)).toEqual(pm);
  });

  it("defaults account_type to checking and holder type to null", async () => {
    const pm = await rides.paymentMethods.create({
      type: "us_bank_account",
      us_bank_account: { routing_number: ROUTING, account_number: "000123456789" },
      billing_details: { name: "Jenny Rosen" },
    });
    expect(pm.us_bank_account).toMatchObject({ account_type: "checking", account_holder_type: null });
  });

  it("refuses missing and invalid bank details as Stripe does", async () => {
    const noName = await stripeError(
      rides.paymentMethods.create({ ...bankParams(), billing_details: { email: "jenny@example.com" } }),
    );
    expect(noName).toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "billing_details[name]",
      message: "Missing required param: billing_details[name].",
    });
    const noHash = await stripeError(
      rides.paymentMethods.create({ type: "us_bank_account", billing_details: { name: "Jenny Rosen" } }),
    );
    expect(noHash).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "us_bank_account" });
    const noAccount = await stripeError(
      rides.paymentMethods.create({
        type: "us_bank_account",
        us_bank_account: { routing_number: ROUTING },
        billing_details: { name: "Jenny Rosen" },
      }),
    );
    expect(noAccount).toMatchObject({ code: "parameter_missing", param: "us_bank_account[account_number]" });
    const badRouting = await stripeError(
      rides.paymentMethods.create({
        ...bankParams(),
        us_bank_account: { routing_number: "110000001", account_number: "000123456789" },
      }),
    );
    expect(badRouting).toMatchObject({ statusCode: 400, param: "us_bank_account[routing_number]" });
    const badType = await stripeError(
      rides.paymentMethods.create({
        ...bankParams(),
        us_bank_account: {
          routing_number: ROUTING,
          account_number: "000123456789",
          account_type: "brokerage" as "checking",
        },
      }),
    );
    expect(badType).toMatchObject({ statusCode: 400, param: "us_bank_account[account_type]" });
  });

  it("updates the holder and account type of an attached bank account", async () => {
    const { pm } = await customerWithBank();
    const updated = await rides.paymentMethods.update(pm.id, {
      us_bank_account: { account_holder_type: "company", account_type: "savings" },
    });
    expect(updated.us_bank_account).toMatchObject({
      account_holder_type: "company",
      account_type: "savings",
    });
    const event = (await rides.events.list({ type: "payment_method.updated" })).data[0];
    expect(event?.data.previous_attributes).toMatchObject({
      us_bank_account: { account_holder_type: "individual", account_type: "checking" },
    });
  });
});

describe("bank accounts stay in the account that saved them", () => {
  it("is listed and retrievable at Rides only; Deliveries gets resource_missing", async () => {
    const { customer, pm } = await customerWithBank();
    const card = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    await rides.paymentMethods.attach(card.id, { customer: customer.id });

    const atRides = await rides.customers.listPaymentMethods(customer.id);
    expect(atRides.data.map((p) => p.id).sort()).toEqual([card.id, pm.id].sort());
    const banksAtRides = await rides.customers.listPaymentMethods(customer.id, { type: "us_bank_account" });
    expect(banksAtRides.data.map((p) => p.id)).toEqual([pm.id]);
    const cardsAtRides = await rides.customers.listPaymentMethods(customer.id, { type: "card" });
    expect(cardsAtRides.data.map((p) => p.id)).toEqual([card.id]);
    const byCustomer = await rides.paymentMethods.list({ customer: customer.id, type: "us_bank_account" });
    expect(byCustomer.data.map((p) => p.id)).toEqual([pm.id]);
    expect((await rides.customers.retrievePaymentMethod(customer.id, pm.id)).id).toBe(pm.id);

    // The shared card crosses to Deliveries; the bank account does not.
    const atDeliveries = await deliveries.customers.listPaymentMethods(customer.id);
    expect(atDeliveries.data.map((p) => p.id)).toEqual([card.id]);
    expect(
      (await deliveries.customers.listPaymentMethods(customer.id, { type: "us_bank_account" })).data,
    ).toEqual([]);
    expect((await deliveries.paymentMethods.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([
      card.id,
    ]);
    expect((await deliveries.paymentMethods.retrieve(card.id)).id).toBe(card.id);

    const missing = `No such PaymentMethod: '${pm.id}'`;
    expect(await stripeError(deliveries.paymentMethods.retrieve(pm.id))).toMatchObject({
      statusCode: 404,
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "id",
      message: missing,
    });
    expect(await stripeError(deliveries.customers.retrievePaymentMethod(customer.id, pm.id))).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: missing,
    });
    expect(
      await stripeError(deliveries.paymentMethods.attach(pm.id, { customer: customer.id })),
    ).toMatchObject({ statusCode: 404, code: "resource_missing", message: missing });
    expect(
      await stripeError(deliveries.paymentMethods.update(pm.id, { metadata: { a: "b" } })),
    ).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: missing,
    });
    expect(await stripeError(deliveries.paymentMethods.detach(pm.id))).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: missing,
    });
    expect(
      await stripeError(
        deliveries.paymentIntents.create({
          amount: 1000,
          currency: "usd",
          customer: customer.id,
          payment_method: pm.id,
          confirm: true,
          off_session: true,
        }),
      ),
    ).toMatchObject({ statusCode: 400, code: "resource_missing", param: "payment_method", message: missing });
    // Nothing was charged at Deliveries.
    expect((await deliveries.paymentIntents.list({ customer: customer.id })).data).toEqual([]);
  });

  it("keeps paging right when the other account's bank accounts are skipped", async () => {
    const customer = await rides.customers.create({ email: "pager@example.com" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const card = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
      await rides.paymentMethods.attach(card.id, { customer: customer.id });
      ids.unshift(card.id);
      const bank = await rides.paymentMethods.create(bankParams());
      await rides.paymentMethods.attach(bank.id, { customer: customer.id });
    }
    const first = await deliveries.customers.listPaymentMethods(customer.id, { limit: 2 });
    expect(first.data.map((p) => p.id)).toEqual(ids.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await deliveries.customers.listPaymentMethods(customer.id, {
      limit: 2,
      starting_after: ids[1],
    });
    expect(second.data.map((p) => p.id)).toEqual(ids.slice(2));
    expect(second.has_more).toBe(false);
    const back = await deliveries.customers.listPaymentMethods(customer.id, {
      limit: 1,
      ending_before: ids[2],
    });
    expect(back.data.map((p) => p.id)).toEqual([ids[1]]);
    expect(back.has_more).toBe(true);
    const all: string[] = [];
    for await (const p of deliveries.customers.listPaymentMethods(customer.id, { limit: 1 })) all.push(p.id);
    expect(all).toEqual(ids);
  });

  it("emits payment_method events only in the account that saved it", async () => {
    const { pm } = await customerWithBank();
    await rides.paymentMethods.detach(pm.id);
    for (const type of ["payment_method.attached", "payment_method.detached"]) {
      const atRides = (await rides.events.list({ type })).data;
      expect(atRides.map((e) => (e.data.object as { id: string }).id)).toEqual([pm.id]);
      expect(atRides[0]?.context).toBe(ACCOUNTS.rides);
      expect((await deliveries.events.list({ type })).data).toEqual([]);
    }
  });

  it("is not offered by Checkout in either account; the shared card still is", async () => {
    const { customer, pm } = await customerWithBank();
    const card = await rides.paymentMethods.create({
      type: "card",
      card: { token: "tok_visa" },
      allow_redisplay: "always",
    });
    await rides.paymentMethods.attach(card.id, { customer: customer.id });
    await rides.paymentMethods.update(pm.id, { allow_redisplay: "always" });
    for (const stripe of [rides, deliveries]) {
      const session = await stripe.checkout.sessions.create({
        ui_mode: "embedded_page",
        mode: "payment",
        customer: customer.id,
        return_url: "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}",
        line_items: [
          {
            price_data: { currency: "usd", unit_amount: 2000, product_data: { name: "Ride" } },
            quantity: 1,
          },
        ],
      });
      const view = await json(emu, "GET", `/_emulator/checkout/sessions/by-secret/${session.client_secret}`);
      const saved = view.body["saved_payment_methods"] as Array<Record<string, unknown>>;
      expect(saved.map((p) => p["id"])).toEqual([card.id]);
      const paid = await json(emu, "POST", `/_emulator/checkout/sessions/${session.id}/confirm`, {
        client_secret: session.client_secret,
        payment_method: pm.id,
      });
      expect(paid.status).toBeGreaterThanOrEqual(400);
      expect(paid.status).toBeLessThan(500);
      expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    }
  });
});

describe("ACH debits at the account that saved the bank account", () => {
  it("asks for microdeposits, then goes processing → succeeded with Stripe's events", async () => {
    const { customer, pm } = await customerWithBank();
    const { pi, verified } = await firstDebit(customer.id, pm.id);
    expect(pi.automatic_payment_methods?.enabled).toBe(true);
    expect(pi).toMatchObject({ status: "requires_action", payment_method: pm.id, latest_charge: null });
    expect(pi.next_action?.type).toBe("verify_with_microdeposits");
    expect(pi.next_action?.verify_with_microdeposits).toMatchObject({ microdeposit_type: "amounts" });
    expect(pi.next_action?.verify_with_microdeposits?.hosted_verification_url).toMatch(/^https?:\/\//);
    expect(pi.next_action?.verify_with_microdeposits?.arrival_date).toBeGreaterThan(pi.created);

    expect(verified).toMatchObject({ status: "processing", next_action: null, amount_received: 0 });
    const pending = await rides.charges.retrieve(String(verified.latest_charge));
    const done = await rides.paymentIntents.retrieve(pi.id);
    expect(done).toMatchObject({ status: "succeeded", amount_received: 2500 });
    expect(pending).toMatchObject({
      status: "succeeded",
      paid: true,
      amount: 2500,
      customer: customer.id,
      payment_method: pm.id,
      payment_method_details: {
        type: "us_bank_account",
        us_bank_account: {
          account_holder_type: "individual",
          account_type: "checking",
          bank_name: "STRIPE TEST BANK",
          fingerprint: pm.us_bank_account?.fingerprint,
          last4: "6789",
          routing_number: ROUTING,
        },
      },
    });
    expect(pending.payment_method_details?.card).toBeUndefined();
    expect(pending.payment_method_details?.us_bank_account?.mandate).toMatch(/^mandate_/);

    const types = (await rides.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
    const debit = types.slice(types.indexOf("payment_intent.requires_action"));
    expect(debit).toEqual([
      "payment_intent.requires_action",
      "payment_intent.processing",
      "charge.pending",
      "charge.succeeded",
      "payment_intent.succeeded",
    ]);
    const processing = (await rides.events.list({ type: "payment_intent.processing" })).data[0];
    expect(processing?.data.object).toMatchObject({ id: pi.id, status: "processing" });
    const chargePending = (await rides.events.list({ type: "charge.pending" })).data[0];
    expect(chargePending?.data.object).toMatchObject({ id: pending.id, status: "pending", paid: false });
    expect((await deliveries.events.list({ limit: 100 })).data.map((e) => e.type)).not.toContain(
      "payment_intent.processing",
    );
  });

  it("charges a verified bank account off-session without microdeposits or a new mandate", async () => {
    const { customer, pm } = await customerWithBank();
    await firstDebit(customer.id, pm.id);
    const again = await rides.paymentIntents.create({
      amount: 1200,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(again.status).toBe("processing");
    expect((await rides.paymentIntents.retrieve(again.id)).status).toBe("succeeded");
  });

  it("refuses a first debit without a mandate, with the intent in the error", async () => {
    const { customer, pm } = await customerWithBank();
    const err = await stripeError(
      rides.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
      }),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      message:
        "This PaymentIntent requires a mandate, but no existing mandate was found. Collect mandate acceptance from the customer and try again, providing acceptance data in the mandate_data parameter.",
    });
    const raw = err.raw as { payment_intent?: { status?: string } };
    expect(raw.payment_intent?.status).toBe("requires_confirmation");
  });

  it("refuses wrong microdeposit amounts and keeps waiting for the right ones", async () => {
    const { customer, pm } = await customerWithBank();
    const pi = await rides.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    expect(
      await stripeError(rides.paymentIntents.verifyMicrodeposits(pi.id, { amounts: [1, 2] })),
    ).toMatchObject({ statusCode: 400, code: "payment_method_microdeposit_verification_amounts_mismatch" });
    expect(
      await stripeError(rides.paymentIntents.verifyMicrodeposits(pi.id, { amounts: [32] })),
    ).toMatchObject({
      statusCode: 400,
      code: "payment_method_microdeposit_verification_amounts_invalid",
    });
    expect(
      await stripeError(rides.paymentIntents.verifyMicrodeposits(pi.id, { descriptor_code: "SM00XX" })),
    ).toMatchObject({
      statusCode: 400,
      code: "payment_method_microdeposit_verification_descriptor_code_mismatch",
    });
    expect((await rides.paymentIntents.retrieve(pi.id)).status).toBe("requires_action");
    const ok = await rides.paymentIntents.verifyMicrodeposits(pi.id, { descriptor_code: "SM11AA" });
    expect(ok.status).toBe("processing");
    // Verifying twice is refused: the intent no longer waits for microdeposits.
    expect(
      await stripeError(rides.paymentIntents.verifyMicrodeposits(pi.id, { amounts: [32, 45] })),
    ).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
  });

  it("fails the intent when the microdeposit attempts are exhausted", async () => {
    const { customer, pm } = await customerWithBank();
    const pi = await rides.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    const err = await stripeError(rides.paymentIntents.verifyMicrodeposits(pi.id, { amounts: [10, 11] }));
    expect(err).toMatchObject({
      statusCode: 400,
      code: "payment_method_microdeposit_verification_attempts_exceeded",
    });
    const failed = await rides.paymentIntents.retrieve(pi.id);
    expect(failed).toMatchObject({ status: "requires_payment_method", payment_method: null });
    expect(failed.last_payment_error?.code).toBe(
      "payment_method_microdeposit_verification_attempts_exceeded",
    );
    expect((await rides.events.list({ type: "payment_intent.payment_failed" })).data).toHaveLength(1);
  });

  it.each([
    ["000111111113", "account_closed"],
    ["000111111116", "no_account"],
    ["000222222227", "insufficient_funds"],
    ["000333333335", "debit_not_authorized"],
  ])("fails the debit from %s with %s after processing", async (accountNumber, code) => {
    const { customer, pm } = await customerWithBank(accountNumber);
    const { verified } = await firstDebit(customer.id, pm.id);
    expect(verified.status).toBe("processing");
    const failed = await rides.paymentIntents.retrieve(verified.id);
    expect(failed).toMatchObject({
      status: "requires_payment_method",
      payment_method: null,
      amount_received: 0,
    });
    expect(failed.last_payment_error).toMatchObject({ code, payment_method: { id: pm.id } });
    const charge = await rides.charges.retrieve(String(failed.latest_charge));
    expect(charge).toMatchObject({ status: "failed", paid: false, failure_code: code });
    expect(charge.failure_message).toEqual(expect.any(String));
    const types = (await rides.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual([
      "payment_intent.payment_failed",
      "charge.failed",
      "charge.pending",
      "payment_intent.processing",
    ]);
  });

  it("keeps 000000000009 processing; the intent can still be canceled", async () => {
    const { customer, pm } = await customerWithBank("000000000009");
    const { verified } = await firstDebit(customer.id, pm.id);
    expect((await rides.paymentIntents.retrieve(verified.id)).status).toBe("processing");
    expect((await rides.charges.retrieve(String(verified.latest_charge))).status).toBe("pending");
    const canceled = await rides.paymentIntents.cancel(verified.id);
    expect(canceled.status).toBe("canceled");
  });

  it("refuses a bank account on an intent that allows cards only or is not in usd", async () => {
    const { customer, pm } = await customerWithBank();
    const cardsOnly = await stripeError(
      rides.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        allowed_payment_method_types: ["card"],
        confirm: true,
        mandate_data: ONLINE_MANDATE,
      }),
    );
    expect(cardsOnly).toMatchObject({
      statusCode: 400,
      code: "payment_intent_incompatible_payment_method",
      param: "payment_method",
    });
    expect(cardsOnly.message).toContain("The PaymentMethod provided (us_bank_account) is not allowed");
    const euros = await stripeError(
      rides.paymentIntents.create({
        amount: 2500,
        currency: "eur",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        mandate_data: ONLINE_MANDATE,
      }),
    );
    expect(euros).toMatchObject({ statusCode: 400, code: "payment_intent_incompatible_payment_method" });
  });

  it("attaches the bank account with setup_future_usage and consumes an unattached one", async () => {
    const customer = await rides.customers.create({ email: "sfu@example.com" });
    const pm = await rides.paymentMethods.create(bankParams());
    const pi = await rides.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      setup_future_usage: "off_session",
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    await rides.paymentIntents.verifyMicrodeposits(pi.id, { amounts: [32, 45] });
    expect((await rides.paymentMethods.retrieve(pm.id)).customer).toBe(customer.id);

    const loose = await rides.paymentMethods.create(bankParams());
    const once = await rides.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: loose.id,
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    await rides.paymentIntents.verifyMicrodeposits(once.id, { amounts: [32, 45] });
    const reuse = await stripeError(
      rides.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method: loose.id,
        confirm: true,
        mandate_data: ONLINE_MANDATE,
      }),
    );
    expect(reuse).toMatchObject({ statusCode: 400, code: "payment_method_unexpected_state" });
  });

  it("takes bank details in payment_method_data and Stripe's pm_usBankAccount_* tokens", async () => {
    const noName = await stripeError(
      rides.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        payment_method_data: {
          type: "us_bank_account",
          us_bank_account: { routing_number: ROUTING, account_number: "000123456789" },
        },
        confirm: true,
        mandate_data: ONLINE_MANDATE,
      }),
    );
    expect(noName).toMatchObject({
      code: "parameter_missing",
      param: "payment_method_data[billing_details][name]",
    });
    const fromData = await rides.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method_data: {
        type: "us_bank_account",
        us_bank_account: { routing_number: ROUTING, account_number: "000123456789" },
        billing_details: { name: "Jenny Rosen" },
      },
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    expect(fromData.status).toBe("requires_action");
    const token = await rides.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: "pm_usBankAccount_insufficientFunds",
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    expect(token.payment_method).toMatch(/^pm_(?!usBankAccount)/);
    await rides.paymentIntents.verifyMicrodeposits(token.id, { descriptor_code: "SM11AA" });
    const failed = await rides.paymentIntents.retrieve(token.id);
    expect(failed.last_payment_error?.code).toBe("insufficient_funds");
  });

  it("answers verify_microdeposits on an unknown intent with resource_missing", async () => {
    const res = await rawPost(
      emu,
      "/v1/payment_intents/pi_nope/verify_microdeposits",
      { "amounts[]": "32" },
      { authorization: `Bearer ${KEYS.rides}` },
    );
    expect(res.status).toBe(404);
    expect(res.body["error"]).toMatchObject({ code: "resource_missing", param: "id" });
  });
});

describe("SetupIntents", () => {
  it("refuses to set up a bank account instead of pretending it was verified", async () => {
    const { customer, pm } = await customerWithBank();
    const err = await stripeError(
      rides.setupIntents.create({ customer: customer.id, payment_method: pm.id, confirm: true }),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      code: "payment_method_unsupported_type",
      param: "payment_method",
    });
  });
});

describe("Connect cloning of bank accounts", () => {
  const onRides = { stripeAccount: ACCOUNTS.ridesConnected };

  it("clones a platform bank account into a connected account, where it can be charged", async () => {
    const c = await platform.customers.create({ email: "jenny@example.com" });
    const pm = await platform.paymentMethods.create(bankParams());
    await platform.paymentMethods.attach(pm.id, { customer: c.id });
    // The platform verifies it and records the mandate with a first debit.
    const first = await platform.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      customer: c.id,
      payment_method: pm.id,
      confirm: true,
      mandate_data: ONLINE_MANDATE,
    });
    await platform.paymentIntents.verifyMicrodeposits(first.id, { amounts: [32, 45] });

    const clone = await platform.paymentMethods.create({ customer: c.id, payment_method: pm.id }, onRides);
    expect(clone).toMatchObject({
      type: "us_bank_account",
      customer: null,
      us_bank_account: {
        last4: "6789",
        routing_number: ROUTING,
        fingerprint: pm.us_bank_account?.fingerprint,
      },
    });
    expect(clone.id).not.toBe(pm.id);
    // The clone inherits the platform's setup: no new mandate or microdeposits.
    const paid = await platform.paymentIntents.create(
      { amount: 1500, currency: "usd", payment_method: clone.id, confirm: true, off_session: true },
      onRides,
    );
    expect(paid.status).toBe("processing");
    expect((await platform.paymentIntents.retrieve(paid.id, {}, onRides)).status).toBe("succeeded");
    // The platform's bank account itself is unknown in the connected account.
    expect(await stripeError(platform.paymentMethods.retrieve(pm.id, {}, onRides))).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });
});

describe("cards are unaffected", () => {
  it("still shares a card with its events in the acting account", async () => {
    const customer = await rides.customers.create({ email: "card@example.com" });
    const card = await rides.paymentMethods.create(
      {
        type: "card",
        card: { number: VISA.number, exp_month: 12, exp_year: 2034 },
      },
      { apiKey: KEYS.ridesPk },
    );
    await deliveries.paymentMethods.attach(card.id, { customer: customer.id });
    expect((await rides.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([card.id]);
    expect((await deliveries.events.list({ type: "payment_method.attached" })).data).toHaveLength(1);
    expect((await rides.events.list({ type: "payment_method.attached" })).data).toHaveLength(0);
  });
});
