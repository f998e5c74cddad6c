import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "../src/resources/index.js";
import { ACCOUNTS, client, emulatorForFile, KEYS, rawGet, rawPost, startEmulator } from "./helpers.js";

/**
 * Requests Stripe refuses are refused here too, with Stripe's status, error shape and (where
 * known) wording: raw card numbers, `payment_method_types` on endive, currencies and their amount
 * rules, `off_session` without `confirm`, unrecognized URLs, refunds after a partial capture, and
 * the messages of a few refusals.
 */

const { emu, rides, deliveries, org, platform, ridesPk: pk } = await emulatorForFile();

const RAW_CARD_MESSAGE =
  "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable raw card data APIs in test mode, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.";

const CARD = { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" };

/** What Stripe answers a secret key that sends a card number: 402, `invalid_request_error`, no code. */
const rawCardRefusal = {
  statusCode: 402,
  rawType: "invalid_request_error",
  code: undefined,
  param: undefined,
  message: RAW_CARD_MESSAGE,
};

async function eventTypes(stripe: Stripe): Promise<string[]> {
  return (await stripe.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
}

describe("raw card numbers with a secret key", () => {
  it("are refused on every API route that takes them, and nothing is stored", async () => {
    await expect(rides.paymentMethods.create({ type: "card", card: CARD })).rejects.toMatchObject(
      rawCardRefusal,
    );
    await expect(
      rides.tokens.create({
        card: { ...CARD, exp_month: "12", exp_year: "2034" },
      } as Stripe.TokenCreateParams),
    ).rejects.toMatchObject(rawCardRefusal);
    await expect(
      rides.customers.create({
        source: { object: "card", ...CARD } as unknown as string,
      }),
    ).rejects.toMatchObject(rawCardRefusal);
    const customer = await rides.customers.create({ email: "raw@example.com" });
    const asSource = await rawPost(
      emu,
      `/v1/customers/${customer.id}/sources`,
      "source[object]=card&source[number]=4242424242424242&source[exp_month]=12&source[exp_year]=2034",
      { authorization: `Bearer ${KEYS.rides}` },
    );
    expect(asSource.status).toBe(402);
    expect(asSource.body).toEqual({ error: { type: "invalid_request_error", message: RAW_CARD_MESSAGE } });
    await expect(
      rides.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        payment_method_data: {
          type: "card",
          card: CARD,
        } as unknown as Stripe.PaymentIntentCreateParams.PaymentMethodData,
        confirm: true,
      }),
    ).rejects.toMatchObject(rawCardRefusal);
    await expect(
      rides.setupIntents.create({
        payment_method_data: {
          type: "card",
          card: CARD,
        } as unknown as Stripe.SetupIntentCreateParams.PaymentMethodData,
        confirm: true,
      }),
    ).rejects.toMatchObject(rawCardRefusal);
    expect((await rides.paymentMethods.list()).data).toEqual([]);
    expect((await rides.paymentIntents.list()).data).toEqual([]);
    expect((await eventTypes(rides)).filter((t) => !t.startsWith("customer."))).toEqual([]);
  });

  it("are refused for the organization key and for a platform acting in its connected account", async () => {
    await expect(
      org.paymentMethods.create({ type: "card", card: CARD }, { stripeContext: ACCOUNTS.deliveries }),
    ).rejects.toMatchObject(rawCardRefusal);
    await expect(
      platform.paymentMethods.create(
        { type: "card", card: CARD },
        { stripeAccount: ACCOUNTS.ridesConnected },
      ),
    ).rejects.toMatchObject(rawCardRefusal);
  });

  it("are taken with a publishable key, as Stripe.js tokenizes cards", async () => {
    const pm = await pk.paymentMethods.create({ type: "card", card: CARD });
    expect(pm.card).toMatchObject({ brand: "visa", last4: "4242" });
  });

  it("test PaymentMethods and tokens stand in for the test cards", async () => {
    const customer = await rides.customers.create({});
    const visa = await rides.paymentMethods.create({
      type: "card",
      card: { token: "tok_visa" },
      billing_details: { name: "Jenny Rosen" },
    });
    expect(visa).toMatchObject({
      card: { brand: "visa", last4: "4242" },
      billing_details: { name: "Jenny Rosen" },
    });
    await expect(
      rides.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }),
    ).rejects.toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "generic_decline" });
    await expect(
      rides.customers.createSource(customer.id, { source: "tok_chargeDeclinedIncorrectCvc" }),
    ).rejects.toMatchObject({ statusCode: 402, code: "incorrect_cvc" });
    const expired = await rides.paymentMethods
      .attach("pm_card_chargeDeclinedExpiredCard", { customer: customer.id })
      .catch((e: unknown) => e);
    expect(expired).toMatchObject({ statusCode: 402, code: "expired_card" });
    const velocity = await rides.paymentIntents
      .create({
        amount: 1000,
        currency: "usd",
        payment_method: "pm_card_visa_chargeDeclinedVelocityLimitExceeded",
        confirm: true,
      })
      .catch((e: unknown) => e);
    expect(velocity).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "card_velocity_exceeded",
    });
    const fromData = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method_data: {
        type: "card",
        card: { token: "tok_mastercard" },
      } as unknown as Stripe.PaymentIntentCreateParams.PaymentMethodData,
      confirm: true,
      expand: ["payment_method"],
    });
    expect(fromData.status).toBe("succeeded");
    expect((fromData.payment_method as Stripe.PaymentMethod).card?.last4).toBe("4444");
  });

  it("are taken in an account the world grants raw card data access", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emulator-world-"));
    const world = JSON.parse(
      readFileSync(new URL("../config/default-world.json", import.meta.url), "utf8"),
    ) as {
      accounts: Array<{ id: string; raw_card_data_access?: boolean }>;
    };
    for (const a of world.accounts) if (a.id === ACCOUNTS.rides) a.raw_card_data_access = true;
    const file = path.join(dir, "world.json");
    writeFileSync(file, JSON.stringify(world));
    const granted = await startEmulator({ worldFile: file });
    try {
      const ridesGranted = client(granted, KEYS.rides);
      const pm = await ridesGranted.paymentMethods.create({ type: "card", card: CARD });
      expect(pm.card).toMatchObject({ brand: "visa", last4: "4242" });
      await expect(
        ridesGranted.paymentMethods.create({
          type: "card",
          card: { ...CARD, number: "4242424242424241" },
        }),
      ).rejects.toMatchObject({ statusCode: 402, rawType: "card_error", code: "incorrect_number" });
      await expect(
        client(granted, KEYS.deliveries).paymentMethods.create({ type: "card", card: CARD }),
      ).rejects.toMatchObject(rawCardRefusal);
    } finally {
      await granted.close();
    }
  });
});

describe("payment_method_types on 2026-10-28.endive", () => {
  const refused = {
    statusCode: 400,
    code: "payment_method_types_no_longer_supported",
    param: "payment_method_types",
  };
  const legacy = { payment_method_types: ["card"] };
  const lineItems = [
    { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Ride" } }, quantity: 1 },
  ];
  const session = {
    ui_mode: "embedded_page",
    mode: "payment",
    return_url: "https://x.test/r?session_id={CHECKOUT_SESSION_ID}",
    line_items: lineItems,
  } as const;

  it("is refused on PaymentIntents (create, update, confirm) and Checkout Sessions", async () => {
    await expect(
      rides.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        ...legacy,
      } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject(refused);
    const pi = await rides.paymentIntents.create({ amount: 1000, currency: "usd" });
    await expect(
      rides.paymentIntents.update(pi.id, legacy as Stripe.PaymentIntentUpdateParams),
    ).rejects.toMatchObject(refused);
    await expect(
      rides.paymentIntents.confirm(pi.id, {
        payment_method: "pm_card_visa",
        ...legacy,
      } as Stripe.PaymentIntentConfirmParams),
    ).rejects.toMatchObject(refused);
    expect((await rides.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
    await expect(
      rides.checkout.sessions.create({ ...session, ...legacy } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject(refused);
  });

  it("allowed_payment_method_types replaces it on PaymentIntents", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      allowed_payment_method_types: ["card"],
    } as Stripe.PaymentIntentCreateParams);
    expect(pi).toMatchObject({
      allowed_payment_method_types: ["card"],
      payment_method_types: ["card"],
      automatic_payment_methods: null,
    });
  });

  it("is accepted on older Stripe-Versions", async () => {
    const basil = client(emu, KEYS.rides, { apiVersion: "2025-04-30.basil" as Stripe.LatestApiVersion });
    const pi = await basil.paymentIntents.create({ amount: 1000, currency: "usd", ...legacy });
    expect(pi.payment_method_types).toEqual(["card"]);
    const confirmed = await basil.paymentIntents.confirm(pi.id, {
      payment_method: "pm_card_visa",
      ...legacy,
    });
    expect(confirmed.status).toBe("succeeded");
    const s = await basil.checkout.sessions.create({
      ...session,
      ui_mode: "embedded",
      ...legacy,
    } as unknown as Stripe.Checkout.SessionCreateParams);
    expect(s.payment_method_types).toEqual(["card"]);
  });
});

describe("currencies", () => {
  it("refuses an unknown currency with Stripe's message on param currency", async () => {
    const err = await rides.paymentIntents.create({ amount: 1000, currency: "xyz" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, rawType: "invalid_request_error", param: "currency" });
    const message = (err as Stripe.errors.StripeError).message;
    expect(message).toMatch(/^Invalid currency: xyz\. /);
    expect(message).toContain("usd, aed, afn");
    expect(message).toContain("jpy");
    const pi = await rides.paymentIntents.create({ amount: 1000, currency: "usd" });
    await expect(rides.paymentIntents.update(pi.id, { currency: "xyz" })).rejects.toMatchObject({
      statusCode: 400,
      param: "currency",
    });
    const line = (currency: string) => ({
      price_data: { currency, unit_amount: 1200, product_data: { name: "Ride" } },
      quantity: 1,
    });
    const refused = (params: Partial<Stripe.Checkout.SessionCreateParams>, param: string) =>
      expect(
        rides.checkout.sessions.create({
          ui_mode: "embedded_page",
          return_url: "https://x.test/r",
          ...params,
        }),
      ).rejects.toMatchObject({ statusCode: 400, param });
    await refused({ mode: "payment", line_items: [line("xyz")] }, "line_items[0][price_data][currency]");
    await refused({ mode: "payment", currency: "xyz", line_items: [line("usd")] }, "currency");
    await refused({ mode: "setup", currency: "xyz" }, "currency");
    expect((await rides.paymentIntents.list()).data).toHaveLength(1);
  });

  it("applies each currency's minimum charge amount", async () => {
    const tooSmall = (message: string) => ({
      statusCode: 400,
      code: "amount_too_small",
      param: "amount",
      message,
    });
    await expect(rides.paymentIntents.create({ amount: 49, currency: "usd" })).rejects.toMatchObject(
      tooSmall("Amount must be at least $0.50 usd"),
    );
    await expect(rides.paymentIntents.create({ amount: 29, currency: "gbp" })).rejects.toMatchObject(
      tooSmall("Amount must be at least £0.30 gbp"),
    );
    await expect(rides.paymentIntents.create({ amount: 399, currency: "hkd" })).rejects.toMatchObject(
      tooSmall("Amount must be at least HK$4.00 hkd"),
    );
    await expect(rides.paymentIntents.create({ amount: 49, currency: "jpy" })).rejects.toMatchObject(
      tooSmall("Amount must be at least ¥50 jpy"),
    );
    expect((await rides.paymentIntents.create({ amount: 30, currency: "gbp" })).amount).toBe(30);
    expect((await rides.paymentIntents.create({ amount: 400, currency: "HKD" })).currency).toBe("hkd");
    const pi = await rides.paymentIntents.create({ amount: 1000, currency: "usd" });
    await expect(rides.paymentIntents.update(pi.id, { amount: 10 })).rejects.toMatchObject(
      tooSmall("Amount must be at least $0.50 usd"),
    );
    await expect(rides.paymentIntents.update(pi.id, { currency: "jpy", amount: 20 })).rejects.toMatchObject(
      tooSmall("Amount must be at least ¥50 jpy"),
    );
  });

  it("charges zero-decimal currencies in whole units and keeps ISK's two-decimal form", async () => {
    const yen = await rides.paymentIntents.create({
      amount: 50,
      currency: "jpy",
      payment_method: "pm_card_visa",
      confirm: true,
      expand: ["latest_charge"],
    });
    expect(yen).toMatchObject({ status: "succeeded", amount_received: 50, currency: "jpy" });
    expect((yen.latest_charge as Stripe.Charge).amount).toBe(50);
    await expect(rides.paymentIntents.create({ amount: 15050, currency: "isk" })).rejects.toMatchObject({
      statusCode: 400,
      param: "amount",
    });
    expect((await rides.paymentIntents.create({ amount: 15000, currency: "isk" })).amount).toBe(15000);
  });

  it("refuses a Checkout Session whose total is below the currency's minimum", async () => {
    const tiny = (currency: string, unit: number) =>
      rides.checkout.sessions.create({
        ui_mode: "embedded_page",
        mode: "payment",
        return_url: "https://x.test/r",
        line_items: [
          { price_data: { currency, unit_amount: unit, product_data: { name: "Gum" } }, quantity: 2 },
        ],
      });
    await expect(tiny("usd", 20)).rejects.toMatchObject({
      statusCode: 400,
      message: "The Checkout Session's total amount due must add up to at least $0.50 usd",
    });
    expect((await tiny("usd", 25)).amount_total).toBe(50);
    await expect(tiny("jpy", 20)).rejects.toMatchObject({
      statusCode: 400,
      message: "The Checkout Session's total amount due must add up to at least ¥50 jpy",
    });
  });
});

describe("off_session without confirm", () => {
  it("is refused on create, with confirm absent or false", async () => {
    const customer = await rides.customers.create({});
    const pm = await rides.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const base = {
      amount: 1000,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      off_session: true,
    };
    for (const params of [base, { ...base, confirm: false }]) {
      await expect(rides.paymentIntents.create(params)).rejects.toMatchObject({
        statusCode: 400,
        rawType: "invalid_request_error",
        param: "off_session",
      });
    }
    expect((await rides.paymentIntents.list()).data).toEqual([]);
    const paid = await rides.paymentIntents.create({ ...base, confirm: true });
    expect(paid.status).toBe("succeeded");
  });
});

describe("a PaymentIntent's shipping", () => {
  it("needs a name and an address, as Stripe requires; nothing is stored without them", async () => {
    // Through raw HTTP: the SDK's types already refuse to send these.
    const base = "amount=1000&currency=usd";
    for (const [body, param] of [
      [`${base}&shipping[name]=Jenny%20Rosen`, "shipping[address]"],
      [`${base}&shipping[address][line1]=1%20Main%20St`, "shipping[name]"],
    ] as const) {
      const res = await rawPost(emu, "/v1/payment_intents", body, { authorization: `Bearer ${KEYS.rides}` });
      expect(res.status).toBe(400);
      expect(res.body["error"]).toMatchObject({ code: "parameter_missing", param });
    }
    expect((await rides.paymentIntents.list()).data).toEqual([]);
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      shipping: { name: "Jenny Rosen", address: { line1: "1 Main St" } },
    });
    expect(pi.shipping).toMatchObject({ name: "Jenny Rosen", address: { line1: "1 Main St", city: null } });
  });
});

describe("unrecognized URLs", () => {
  const unrecognized = (method: string, url: string) =>
    `Unrecognized request URL (${method}: ${url}). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;

  it("answers GET /v1/customers/ (the SDK's retrieve('')) with Stripe's 404", async () => {
    const err = await rides.customers.retrieve("").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({
      statusCode: 404,
      rawType: "invalid_request_error",
      message: unrecognized("GET", "/v1/customers/"),
    });
    await expect(rides.customers.retrieveSource("cus_123", "")).rejects.toMatchObject({
      statusCode: 404,
      message: unrecognized("GET", "/v1/customers/cus_123/sources/"),
    });
  });

  it("does so for every resource, with or without a query string, instead of listing", async () => {
    const auth = { authorization: `Bearer ${KEYS.rides}` };
    const paths = [...new Set(apiRoutes.map((r) => `${r.method} ${r.path.replace(/:[a-z]+/g, "x_1")}`))];
    expect(paths.length).toBeGreaterThan(40);
    for (const entry of paths) {
      const [method = "GET", routePath = ""] = entry.split(" ");
      const url = `${routePath}/`;
      const res =
        method === "POST"
          ? await rawPost(emu, url, "", auth)
          : method === "GET"
            ? await rawGet(emu, `${url}?limit=3`, auth)
            : await fetch(`${emu.url}${url}`, { method, headers: auth }).then(async (r) => ({
                status: r.status,
                body: (await r.json()) as Record<string, unknown>,
              }));
      expect({ entry, status: res.status, body: res.body }).toEqual({
        entry,
        status: 404,
        body: { error: { type: "invalid_request_error", message: unrecognized(method, url) } },
      });
    }
  });
});

describe("refund after a partial capture", () => {
  it("refunds what was captured; the released remainder is not refundable", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      capture_method: "manual",
      confirm: true,
    });
    const captured = await rides.paymentIntents.capture(pi.id, { amount_to_capture: 800 });
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 800, amount_capturable: 0 });
    const chargeId = String(captured.latest_charge);
    expect(await rides.charges.retrieve(chargeId)).toMatchObject({
      amount: 1000,
      amount_captured: 800,
      amount_refunded: 200,
      refunded: false,
      captured: true,
    });
    await expect(rides.refunds.create({ payment_intent: pi.id, amount: 900 })).rejects.toMatchObject({
      statusCode: 400,
      code: "amount_too_large",
      param: "amount",
      message: "Refund amount ($9.00) is greater than unrefunded amount on charge ($8.00)",
    });

    const refund = await rides.refunds.create({ payment_intent: pi.id });
    expect(refund).toMatchObject({
      amount: 800,
      charge: chargeId,
      payment_intent: pi.id,
      status: "succeeded",
      currency: "usd",
    });
    const charge = await rides.charges.retrieve(chargeId, { expand: ["refunds"] });
    expect(charge).toMatchObject({
      amount: 1000,
      amount_captured: 800,
      amount_refunded: 1000,
      refunded: true,
    });
    expect(charge.refunds?.data.map((r) => r.amount)).toEqual([800]);
    expect(await rides.paymentIntents.retrieve(pi.id)).toMatchObject({ amount: 1000, amount_received: 800 });
    await expect(rides.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({
      code: "charge_already_refunded",
    });

    const events = (await rides.events.list({ limit: 100 })).data.reverse();
    expect(events.map((e) => e.type)).toEqual([
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.amount_capturable_updated",
      "charge.captured",
      "payment_intent.succeeded",
      "refund.created",
      "charge.refunded",
    ]);
    const byType = (type: string) => events.find((e) => e.type === type)!;
    expect(byType("charge.captured").data.object).toMatchObject({
      amount_captured: 800,
      amount_refunded: 200,
    });
    expect(byType("refund.created").data.object).toMatchObject({ amount: 800 });
    expect(byType("charge.refunded").data).toMatchObject({
      object: { amount_refunded: 1000, refunded: true },
      previous_attributes: { amount_refunded: 200, refunded: false },
    });
  });

  it("splits the captured amount across partial refunds", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      capture_method: "manual",
      confirm: true,
    });
    await rides.paymentIntents.capture(pi.id, { amount_to_capture: 800 });
    expect((await rides.refunds.create({ payment_intent: pi.id, amount: 500 })).amount).toBe(500);
    expect(await rides.charges.retrieve(String(pi.latest_charge))).toMatchObject({
      amount_refunded: 700,
      refunded: false,
    });
    expect((await rides.refunds.create({ payment_intent: pi.id })).amount).toBe(300);
    expect(await rides.charges.retrieve(String(pi.latest_charge))).toMatchObject({
      amount_refunded: 1000,
      refunded: true,
    });
  });
});

describe("messages", () => {
  it("confirming a succeeded PaymentIntent", async () => {
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const err = await rides.paymentIntents.confirm(pi.id).catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 400,
      code: "payment_intent_unexpected_state",
      message:
        "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.",
    });
    expect((err as Stripe.errors.StripeInvalidRequestError).payment_intent).toMatchObject({
      id: pi.id,
      status: "succeeded",
    });
  });

  it("detaching a PaymentMethod that is not attached", async () => {
    const pm = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    await expect(rides.paymentMethods.detach(pm.id)).rejects.toMatchObject({
      statusCode: 400,
      message: "The payment method you provided is not attached to a customer so detachment is impossible.",
    });
  });

  it("reusing a PaymentMethod consumed without a customer, or detached", async () => {
    const reuse =
      "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.";
    const pm = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
    });
    await expect(
      rides.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm.id, confirm: true }),
    ).rejects.toMatchObject({ statusCode: 400, param: "payment_method", message: reuse });
    const customer = await deliveries.customers.create({});
    const saved = await deliveries.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await deliveries.paymentMethods.detach(saved.id);
    await expect(
      deliveries.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        payment_method: saved.id,
        confirm: true,
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: reuse });
  });
});
