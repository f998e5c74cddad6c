import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, client, emulatorForFile, KEYS, rawGet, rawPost } from "./helpers.js";

const DELIVERIES_PK = "pk_test_deliveries_emulator_0001";
const PLATFORM_PK = "pk_test_platform_emulator_0001";

/** What Stripe.js receives for a PaymentIntent (`@stripe/stripe-js` api/payment-intents.d.ts, plus the
 * `automatic_payment_methods` the API reference marks "retrievable with publishable key"). */
const PI_CLIENT_FIELDS = [
  "amount",
  "automatic_payment_methods",
  "canceled_at",
  "cancellation_reason",
  "capture_method",
  "client_secret",
  "confirmation_method",
  "created",
  "currency",
  "description",
  "id",
  "last_payment_error",
  "livemode",
  "next_action",
  "object",
  "payment_method",
  "payment_method_types",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "status",
];

/** What Stripe.js receives for a SetupIntent (`@stripe/stripe-js` api/setup-intents.d.ts). */
const SI_CLIENT_FIELDS = [
  "cancellation_reason",
  "client_secret",
  "created",
  "description",
  "id",
  "last_setup_error",
  "livemode",
  "next_action",
  "object",
  "payment_method",
  "payment_method_types",
  "status",
  "usage",
];

const SECRET_KEY_REQUIRED = {
  statusCode: 401,
  code: "secret_key_required",
  message:
    "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
};

const { emu, rides, ridesPk, platform, deliveries } = await emulatorForFile({}, { resetBeforeEach: false });

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

async function customerIntent(): Promise<{ customer: Stripe.Customer; pi: Stripe.PaymentIntent }> {
  const customer = await rides.customers.create({ email: "jenny@example.com" });
  const pi = await rides.paymentIntents.create({
    amount: 2500,
    currency: "usd",
    customer: customer.id,
    metadata: { order: "o-1" },
  });
  return { customer, pi };
}

describe("publishable key + client_secret on PaymentIntents (as Stripe.js calls them)", () => {
  it("retrieves with ?key=pk_…&client_secret=… and returns only the client-side fields", async () => {
    const { pi } = await customerIntent();
    const res = await rawGet(
      emu,
      `/v1/payment_intents/${pi.id}?${query({ key: KEYS.ridesPk, client_secret: String(pi.client_secret) })}`,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(PI_CLIENT_FIELDS);
    expect(res.body).toMatchObject({ id: pi.id, amount: 2500, status: "requires_payment_method" });
    expect(res.body).not.toHaveProperty("customer");
    expect(res.body).not.toHaveProperty("metadata");
  });

  it("retrieves with Authorization: Bearer pk_… (the SDK) the same restricted view", async () => {
    const { pi } = await customerIntent();
    const seen = await ridesPk.paymentIntents.retrieve(pi.id, { client_secret: String(pi.client_secret) });
    expect(Object.keys(seen).sort()).toEqual(PI_CLIENT_FIELDS);
    // A secret key may pass client_secret too (the SDK declares it) and still sees everything.
    const full = await rides.paymentIntents.retrieve(pi.id, { client_secret: String(pi.client_secret) });
    expect(full.customer).toBe(pi.customer);
    expect(full.metadata).toEqual({ order: "o-1" });
  });

  it("refuses a wrong or missing client_secret, and expanding what the client view hides", async () => {
    const { pi } = await customerIntent();
    await expect(
      ridesPk.paymentIntents.retrieve(pi.id, { client_secret: `${pi.id}_secret_wrong` }),
    ).rejects.toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      code: "payment_intent_invalid_parameter",
      param: "client_secret",
      message:
        "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
    });
    await expect(ridesPk.paymentIntents.retrieve(pi.id)).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "client_secret",
    });
    await expect(
      ridesPk.paymentIntents.retrieve(pi.id, {
        client_secret: String(pi.client_secret),
        expand: ["customer"],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "expand" });
  });

  it("confirms with key and client_secret in the form body", async () => {
    const { pi } = await customerIntent();
    const res = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: KEYS.ridesPk,
      client_secret: String(pi.client_secret),
      payment_method: "pm_card_visa",
      "expand[0]": "payment_method",
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(PI_CLIENT_FIELDS);
    expect(res.body["status"]).toBe("succeeded");
    expect(res.body["payment_method"]).toMatchObject({ object: "payment_method", card: { last4: "4242" } });
    const full = await rides.paymentIntents.retrieve(pi.id);
    expect(full.status).toBe("succeeded");
    expect(full.amount_received).toBe(2500);
  });

  it("confirms with card details in payment_method_data, as Stripe.js sends them", async () => {
    const pi = await rides.paymentIntents.create({ amount: 1200, currency: "usd" });
    const res = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: KEYS.ridesPk,
      client_secret: String(pi.client_secret),
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": "5555555555554444",
      "payment_method_data[card][exp_month]": "12",
      "payment_method_data[card][exp_year]": "2034",
      "payment_method_data[card][cvc]": "123",
      "payment_method_data[billing_details][name]": "Jenny Rosen",
    });
    expect(res.status).toBe(200);
    expect(res.body["status"]).toBe("succeeded");
    const pm = await rides.paymentMethods.retrieve(String(res.body["payment_method"]));
    expect(pm).toMatchObject({ card: { last4: "4444" }, billing_details: { name: "Jenny Rosen" } });
  });

  it("a decline answers 402 with the client view of the intent in the error", async () => {
    const { pi } = await customerIntent();
    const res = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: KEYS.ridesPk,
      client_secret: String(pi.client_secret),
      payment_method: "pm_card_visa_chargeDeclined",
    });
    expect(res.status).toBe(402);
    const error = res.body["error"] as Record<string, unknown>;
    expect(error).toMatchObject({ type: "card_error", code: "card_declined" });
    expect(Object.keys(error["payment_intent"] as object).sort()).toEqual(PI_CLIENT_FIELDS);
  });

  it("refuses a confirm with a wrong client_secret and writes nothing", async () => {
    const pi = await rides.paymentIntents.create({ amount: 1200, currency: "usd" });
    const res = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: KEYS.ridesPk,
      client_secret: "pi_other_secret_nope",
      payment_method: "pm_card_visa",
    });
    expect(res.status).toBe(400);
    expect(res.body["error"]).toMatchObject({
      code: "payment_intent_invalid_parameter",
      param: "client_secret",
    });
    expect((await rides.paymentIntents.retrieve(pi.id)).status).toBe("requires_payment_method");
  });

  it("a secret key may not send client_secret to confirm (Stripe: unknown parameter)", async () => {
    const pi = await rides.paymentIntents.create({ amount: 1200, currency: "usd" });
    await expect(
      rides.paymentIntents.confirm(pi.id, {
        client_secret: pi.client_secret,
        payment_method: "pm_card_visa",
      } as Stripe.PaymentIntentConfirmParams),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_unknown",
      param: "client_secret",
      message: "Received unknown parameter: client_secret",
    });
  });

  it("another account's publishable key does not find the intent", async () => {
    const pi = await rides.paymentIntents.create({ amount: 1200, currency: "usd" });
    const res = await rawGet(
      emu,
      `/v1/payment_intents/${pi.id}?${query({ key: DELIVERIES_PK, client_secret: String(pi.client_secret) })}`,
    );
    expect(res.status).toBe(404);
    expect(res.body["error"]).toMatchObject({
      code: "resource_missing",
      message: `No such payment_intent: '${pi.id}'`,
    });
    const confirm = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: DELIVERIES_PK,
      client_secret: String(pi.client_secret),
      payment_method: "pm_card_visa",
    });
    expect(confirm.status).toBe(404);
  });

  it("a platform's publishable key acts in a connected account with Stripe-Account or _stripe_account", async () => {
    const pi = await platform.paymentIntents.create(
      { amount: 1500, currency: "usd" },
      { stripeAccount: ACCOUNTS.ridesConnected },
    );
    const secret = String(pi.client_secret);
    const platformPk = client(emu, PLATFORM_PK);
    const seen = await platformPk.paymentIntents.retrieve(
      pi.id,
      { client_secret: secret },
      { stripeAccount: ACCOUNTS.ridesConnected },
    );
    expect(seen.id).toBe(pi.id);
    await expect(platformPk.paymentIntents.retrieve(pi.id, { client_secret: secret })).rejects.toMatchObject({
      statusCode: 404,
    });
    const res = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: PLATFORM_PK,
      _stripe_account: ACCOUNTS.ridesConnected,
      client_secret: secret,
      payment_method: "pm_card_visa",
    });
    expect(res.status).toBe(200);
    expect(res.body["status"]).toBe("succeeded");
    // A pk may not act in an account that is not connected to its own.
    const foreign = await rawGet(
      emu,
      `/v1/payment_intents/${pi.id}?${query({ key: KEYS.ridesPk, client_secret: secret })}`,
      { "stripe-account": ACCOUNTS.ridesConnected },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body["error"]).toMatchObject({ code: "account_invalid" });
  });

  it("every other call with a publishable key is refused as Stripe refuses it", async () => {
    const { customer, pi } = await customerIntent();
    await expect(ridesPk.paymentIntents.create({ amount: 1000, currency: "usd" })).rejects.toMatchObject(
      SECRET_KEY_REQUIRED,
    );
    await expect(ridesPk.paymentIntents.list()).rejects.toMatchObject(SECRET_KEY_REQUIRED);
    await expect(ridesPk.paymentIntents.update(pi.id, { description: "x" })).rejects.toMatchObject(
      SECRET_KEY_REQUIRED,
    );
    await expect(ridesPk.paymentIntents.cancel(pi.id)).rejects.toMatchObject(SECRET_KEY_REQUIRED);
    await expect(ridesPk.customers.retrieve(customer.id)).rejects.toMatchObject(SECRET_KEY_REQUIRED);
    await expect(ridesPk.refunds.list()).rejects.toMatchObject(SECRET_KEY_REQUIRED);
    await expect(ridesPk.setupIntents.create({})).rejects.toMatchObject(SECRET_KEY_REQUIRED);
    await expect(
      ridesPk.testHelpers.confirmationTokens.create({ payment_method: "pm_card_visa" }),
    ).rejects.toMatchObject(SECRET_KEY_REQUIRED);
    // The same refusal when the key travels in the body, as Stripe.js sends it.
    const res = await rawPost(emu, "/v1/customers", { key: KEYS.ridesPk, email: "x@example.com" });
    expect(res.status).toBe(401);
    expect(res.body["error"]).toMatchObject({ code: "secret_key_required" });
  });
});

describe("publishable key + client_secret on SetupIntents", () => {
  it("retrieves and confirms with the restricted view; wrong secrets are refused", async () => {
    const customer = await rides.customers.create({ email: "sam@example.com" });
    const si = await rides.setupIntents.create({ customer: customer.id, metadata: { k: "v" } });
    const secret = String(si.client_secret);
    const seen = await rawGet(
      emu,
      `/v1/setup_intents/${si.id}?${query({ key: KEYS.ridesPk, client_secret: secret })}`,
    );
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.body).sort()).toEqual(SI_CLIENT_FIELDS);

    await expect(
      ridesPk.setupIntents.retrieve(si.id, { client_secret: `${si.id}_secret_wrong` }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "setup_intent_invalid_parameter",
      param: "client_secret",
      message: "The client_secret provided does not match the client_secret associated with the SetupIntent.",
    });
    const other = await rawPost(emu, `/v1/setup_intents/${si.id}/confirm`, {
      key: DELIVERIES_PK,
      client_secret: secret,
      payment_method: "pm_card_visa",
    });
    expect(other.status).toBe(404);
    expect(other.body["error"]).toMatchObject({ message: `No such setupintent: '${si.id}'` });

    const confirmed = await rawPost(emu, `/v1/setup_intents/${si.id}/confirm`, {
      key: KEYS.ridesPk,
      client_secret: secret,
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": "4242424242424242",
      "payment_method_data[card][exp_month]": "12",
      "payment_method_data[card][exp_year]": "2034",
    });
    expect(confirmed.status).toBe(200);
    expect(Object.keys(confirmed.body).sort()).toEqual(SI_CLIENT_FIELDS);
    expect(confirmed.body["status"]).toBe("succeeded");
    const cards = await rides.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((c) => c.id)).toContain(confirmed.body["payment_method"]);
  });

  it("a secret key may not send client_secret to confirm", async () => {
    const si = await rides.setupIntents.create({});
    await expect(
      rides.setupIntents.confirm(si.id, {
        client_secret: si.client_secret,
        payment_method: "pm_card_visa",
      } as Stripe.SetupIntentConfirmParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "client_secret" });
  });
});

describe("payment_method_data on intents", () => {
  it("creates the PaymentMethod on PaymentIntent confirm and SetupIntent create/confirm", async () => {
    const data = {
      type: "card",
      card: { token: "tok_mastercard" },
      billing_details: { email: "jenny@example.com" },
    } as unknown as Stripe.PaymentIntentConfirmParams.PaymentMethodData;
    const pi = await rides.paymentIntents.create({ amount: 1000, currency: "usd" });
    const paid = await rides.paymentIntents.confirm(pi.id, {
      payment_method_data: data,
      expand: ["payment_method"],
    });
    expect(paid.status).toBe("succeeded");
    expect(paid.payment_method).toMatchObject({
      card: { last4: "4444" },
      billing_details: { email: "jenny@example.com" },
    });

    const customer = await rides.customers.create({});
    const setUp = await rides.setupIntents.create({
      customer: customer.id,
      confirm: true,
      payment_method_data: data as unknown as Stripe.SetupIntentCreateParams.PaymentMethodData,
    });
    expect(setUp.status).toBe("succeeded");
    const si = await rides.setupIntents.create({ customer: customer.id });
    const confirmed = await rides.setupIntents.confirm(si.id, {
      payment_method_data: data as unknown as Stripe.SetupIntentConfirmParams.PaymentMethodData,
    });
    expect(confirmed.status).toBe("succeeded");
    const cards = await rides.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((c) => c.id).sort()).toEqual(
      [setUp.payment_method, confirmed.payment_method].map(String).sort(),
    );
  });
});

type HelperParams = NonNullable<Parameters<Stripe["testHelpers"]["confirmationTokens"]["create"]>[0]>;

// Wherever the package manager put the SDK (this package's node_modules or a parent's).
const TYPES_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve("stripe")), "resources");

/** Top-level fields `Stripe.ConfirmationToken` declares as always present. */
function confirmationTokenFields(): string[] {
  const src = readFileSync(path.join(TYPES_DIR, "ConfirmationTokens.d.ts"), "utf8");
  const start = src.indexOf("export interface ConfirmationToken {");
  const body = src.slice(start, src.indexOf("\n}\n", start));
  return [...body.matchAll(/^ {4}([a-z_0-9]+):/gm)].map((m) => m[1] ?? "");
}

describe("confirmation tokens", () => {
  it("the test helper creates one from pm_card_visa, shaped as Stripe.ConfirmationToken", async () => {
    const token = await rides.testHelpers.confirmationTokens.create({
      payment_method: "pm_card_visa",
      return_url: "https://example.com/back",
      setup_future_usage: "off_session",
      shipping: { name: "Jenny Rosen", address: { line1: "1 Main St", city: "SF", country: "US" } },
    });
    expect(token.id).toMatch(/^ctoken_/);
    const required = confirmationTokenFields();
    expect(required).toEqual(expect.arrayContaining(["payment_method_preview", "expires_at"]));
    expect(required.filter((k) => !(k in token))).toEqual([]);
    expect(token).toMatchObject({
      object: "confirmation_token",
      livemode: false,
      payment_intent: null,
      setup_intent: null,
      return_url: "https://example.com/back",
      setup_future_usage: "off_session",
      shipping: { name: "Jenny Rosen", phone: null, address: { line1: "1 Main St", city: "SF" } },
      payment_method_preview: {
        type: "card",
        customer: null,
        card: { brand: "visa", last4: "4242", exp_month: expect.any(Number) as number },
        billing_details: { name: null, email: null },
      },
    });
    expect(token.expires_at).toBe(token.created + 12 * 60 * 60);
    expect(token.use_stripe_sdk).toBe(true);
    const again = await rides.confirmationTokens.retrieve(token.id);
    expect(again).toEqual(token);
  });

  it("confirms a PaymentIntent on create, once: the token's card, shipping and setup_future_usage", async () => {
    const customer = await rides.customers.create({});
    const token = await rides.testHelpers.confirmationTokens.create({
      payment_method: "pm_card_mastercard",
      setup_future_usage: "off_session",
      shipping: { name: "Jenny Rosen", address: { line1: "1 Main St" } },
    });
    const pi = await rides.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      customer: customer.id,
      confirm: true,
      confirmation_token: token.id,
      expand: ["payment_method"],
    });
    expect(pi.status).toBe("succeeded");
    expect(pi.setup_future_usage).toBe("off_session");
    expect(pi.shipping?.name).toBe("Jenny Rosen");
    const pm = pi.payment_method as Stripe.PaymentMethod;
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.card?.last4).toBe("4444");
    // setup_future_usage from the token saved the card to the intent's customer.
    const saved = await rides.customers.listPaymentMethods(customer.id);
    expect(saved.data.map((c) => c.id)).toEqual([pm.id]);
    expect((await rides.confirmationTokens.retrieve(token.id)).payment_intent).toBe(pi.id);

    const reuse = await rides.paymentIntents
      .create({ amount: 2000, currency: "usd", confirm: true, confirmation_token: token.id })
      .catch((e: unknown) => e);
    expect(reuse).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      param: "confirmation_token",
    });
    expect(String((reuse as Error).message)).toContain(token.id);
  });

  it("confirms an existing PaymentIntent; the request's own values take precedence", async () => {
    const token = await rides.testHelpers.confirmationTokens.create({
      payment_method: "pm_card_visa",
      return_url: "https://example.com/from-token",
    });
    const pi = await rides.paymentIntents.create({ amount: 2000, currency: "usd" });
    const threeDS = await rides.paymentIntents.confirm(pi.id, {
      confirmation_token: token.id,
      payment_method: "pm_card_threeDSecure2Required",
    });
    // The request's payment_method wins; the token asks for Stripe.js (use_stripe_sdk) to handle 3DS.
    expect(threeDS.status).toBe("requires_action");
    expect(threeDS.payment_method).not.toBe(null);
    expect(threeDS.next_action?.type).toBe("use_stripe_sdk");

    const redirect = await rides.paymentIntents.create({ amount: 2000, currency: "usd" });
    const third = await rides.testHelpers.confirmationTokens.create({
      payment_method: "pm_card_threeDSecure2Required",
      return_url: "https://example.com/from-token",
    });
    const redirected = await rides.paymentIntents.confirm(redirect.id, {
      confirmation_token: third.id,
      use_stripe_sdk: false,
    });
    expect(redirected.next_action).toMatchObject({
      type: "redirect_to_url",
      redirect_to_url: { return_url: "https://example.com/from-token" },
    });

    const plain = await rides.paymentIntents.create({ amount: 2000, currency: "usd" });
    const second = await rides.testHelpers.confirmationTokens.create({ payment_method: "pm_card_amex" });
    const paid = await rides.paymentIntents.confirm(plain.id, {
      confirmation_token: second.id,
      expand: ["payment_method"],
    });
    expect(paid.status).toBe("succeeded");
    expect((paid.payment_method as Stripe.PaymentMethod).card?.brand).toBe("amex");
  });

  it("uses a saved card of the intent's customer as it is", async () => {
    const customer = await rides.customers.create({});
    const saved = await rides.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const token = await rides.testHelpers.confirmationTokens.create({ payment_method: saved.id });
    expect(token.payment_method_preview?.customer).toBe(customer.id);
    const pi = await rides.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      customer: customer.id,
      confirm: true,
      confirmation_token: token.id,
    });
    expect(pi).toMatchObject({ status: "succeeded", payment_method: saved.id });
  });

  it("sets up a card with a SetupIntent, on create and on confirm", async () => {
    const customer = await rides.customers.create({});
    const first = await rides.testHelpers.confirmationTokens.create({ payment_method: "pm_card_visa" });
    const si = await rides.setupIntents.create({
      customer: customer.id,
      confirm: true,
      confirmation_token: first.id,
    });
    expect(si.status).toBe("succeeded");
    expect((await rides.confirmationTokens.retrieve(first.id)).setup_intent).toBe(si.id);

    const second = await rides.testHelpers.confirmationTokens.create({
      payment_method: "pm_card_mastercard",
    });
    const pending = await rides.setupIntents.create({ customer: customer.id });
    const done = await rides.setupIntents.confirm(pending.id, { confirmation_token: second.id });
    expect(done.status).toBe("succeeded");
    const cards = await rides.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((c) => c.card?.last4).sort()).toEqual(["4242", "4444"]);
    await expect(
      rides.setupIntents.create({ customer: customer.id, confirm: true, confirmation_token: second.id }),
    ).rejects.toMatchObject({ statusCode: 400, param: "confirmation_token" });
  });

  it("a declined card consumes the token; a publishable key may confirm with one", async () => {
    const token = await rides.testHelpers.confirmationTokens.create({
      payment_method: "pm_card_visa_chargeDeclined",
    });
    const pi = await rides.paymentIntents.create({ amount: 2000, currency: "usd" });
    await expect(rides.paymentIntents.confirm(pi.id, { confirmation_token: token.id })).rejects.toMatchObject(
      {
        statusCode: 402,
        code: "card_declined",
      },
    );
    expect((await rides.confirmationTokens.retrieve(token.id)).payment_intent).toBe(pi.id);

    const fresh = await rides.testHelpers.confirmationTokens.create({ payment_method: "pm_card_visa" });
    const res = await rawPost(emu, `/v1/payment_intents/${pi.id}/confirm`, {
      key: KEYS.ridesPk,
      client_secret: String(pi.client_secret),
      confirmation_token: fresh.id,
    });
    expect(res.status).toBe(200);
    expect(res.body["status"]).toBe("succeeded");
  });

  it("refuses unknown, foreign and misused tokens with Stripe's errors", async () => {
    await expect(rides.confirmationTokens.retrieve("ctoken_nope")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such confirmationtoken: 'ctoken_nope'",
    });
    const token = await rides.testHelpers.confirmationTokens.create({ payment_method: "pm_card_visa" });
    await expect(deliveries.confirmationTokens.retrieve(token.id)).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      deliveries.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        confirm: true,
        confirmation_token: token.id,
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "confirmation_token" });
    await expect(
      rides.paymentIntents.create({ amount: 1000, currency: "usd", confirmation_token: token.id }),
    ).rejects.toMatchObject({ statusCode: 400, param: "confirmation_token" });
    // The token was not spent by the refused requests.
    expect((await rides.confirmationTokens.retrieve(token.id)).payment_intent).toBeNull();

    await expect(rides.testHelpers.confirmationTokens.create({})).rejects.toMatchObject({
      statusCode: 400,
      param: "payment_method",
    });
    await expect(
      rides.testHelpers.confirmationTokens.create({ payment_method: "pm_nope" }),
    ).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "payment_method" });
    // Stripe's test helper takes no card details (its payment_method_data types exclude `card`).
    await expect(
      rides.testHelpers.confirmationTokens.create({
        payment_method_data: { type: "card" },
      } as unknown as HelperParams),
    ).rejects.toMatchObject({ statusCode: 400, param: "payment_method_data[type]" });
    await expect(
      rides.testHelpers.confirmationTokens.create({
        payment_method_data: { type: "card", card: { token: "tok_visa" } },
      } as unknown as HelperParams),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_unknown",
      param: "payment_method_data[card]",
    });
  });
});
