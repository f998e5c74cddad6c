import type Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emulatorForFile, KEYS, rawPost } from "./helpers.js";

/**
 * Confirmation tokens as Stripe.js creates them (the publishable key and the card the customer
 * typed, form-encoded, the key in the body) and as they expire. Raw HTTP: stripe-node has no method
 * for the publishable route.
 */

const { emu, rides } = await emulatorForFile({}, { resetBeforeEach: false });
afterEach(() => vi.useRealTimers());

/** What Stripe.js posts for `createConfirmationToken` with a card Element. */
function stripeJsBody(number: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    key: KEYS.ridesPk,
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": number,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": "2034",
    "payment_method_data[card][cvc]": "123",
    "payment_method_data[billing_details][name]": "Jenny Rosen",
    "payment_method_data[billing_details][address][postal_code]": "94103",
    return_url: "https://shop.example.com/return",
    ...extra,
  };
}

describe("POST /v1/confirmation_tokens with a publishable key (Stripe.js)", () => {
  it("takes the typed card, shows it in the preview without its number, and confirms a PaymentIntent once", async () => {
    const res = await rawPost(emu, "/v1/confirmation_tokens", stripeJsBody("4242424242424242"));
    expect(res.status).toBe(200);
    const token = res.body as unknown as Stripe.ConfirmationToken;
    expect(token).toMatchObject({
      object: "confirmation_token",
      return_url: "https://shop.example.com/return",
      payment_intent: null,
      payment_method_preview: {
        type: "card",
        card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, checks: { cvc_check: "pass" } },
        billing_details: { name: "Jenny Rosen", address: { postal_code: "94103" } },
        customer: null,
      },
    });
    expect(JSON.stringify(res.body)).not.toContain("4242424242424242");
    expect(Object.keys(res.body).some((k) => k.startsWith("__"))).toBe(false);
    // The server reads it with its secret key, and confirms with it.
    expect((await rides.confirmationTokens.retrieve(token.id)).id).toBe(token.id);
    const pi = await rides.paymentIntents.create({
      amount: 1500,
      currency: "usd",
      confirm: true,
      confirmation_token: token.id,
    });
    expect(pi.status).toBe("succeeded");
    const pm = await rides.paymentMethods.retrieve(String(pi.payment_method));
    expect(pm.card?.last4).toBe("4242");
    expect(pm.billing_details.name).toBe("Jenny Rosen");
    await expect(
      rides.paymentIntents.create({
        amount: 1500,
        currency: "usd",
        confirm: true,
        confirmation_token: token.id,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "confirmation_token" });
  });

  it("carries the card's test behaviour: a declining number declines at confirmation", async () => {
    const res = await rawPost(emu, "/v1/confirmation_tokens", stripeJsBody("4000000000000002"));
    expect(res.status).toBe(200);
    await expect(
      rides.paymentIntents.create({
        amount: 1500,
        currency: "usd",
        confirm: true,
        confirmation_token: String(res.body["id"]),
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
  });

  it("refuses a card that is not one, a PaymentMethod id instead of card data, and a secret key", async () => {
    const badNumber = await rawPost(emu, "/v1/confirmation_tokens", stripeJsBody("4242424242424241"));
    expect(badNumber.status).toBe(402);
    expect(badNumber.body["error"]).toMatchObject({ code: "incorrect_number" });

    const byId = await rawPost(emu, "/v1/confirmation_tokens", {
      key: KEYS.ridesPk,
      payment_method: "pm_card_visa",
    });
    expect(byId.status).toBe(400);
    expect(byId.body["error"]).toMatchObject({ param: "payment_method", code: "parameter_unknown" });
    const empty = await rawPost(emu, "/v1/confirmation_tokens", { key: KEYS.ridesPk });
    expect(empty.status).toBe(400);
    expect(empty.body["error"]).toMatchObject({ param: "payment_method_data", code: "parameter_missing" });

    const secret = await rawPost(
      emu,
      "/v1/confirmation_tokens",
      { ...stripeJsBody("4242424242424242"), key: KEYS.rides },
      {},
    );
    expect(secret.status).toBe(400);
    expect(String((secret.body["error"] as Record<string, unknown>)["message"])).toContain(
      "/v1/test_helpers/confirmation_tokens",
    );
  });
});

describe("confirmation token expiry", () => {
  it("confirms until expires_at (12 hours after creation) and is refused from then on", async () => {
    const start = new Date("2031-05-01T12:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const fresh = await rides.testHelpers.confirmationTokens.create({ payment_method: "pm_card_visa" });
    const stale = await rides.testHelpers.confirmationTokens.create({ payment_method: "pm_card_visa" });
    expect(stale.expires_at).toBe(stale.created + 12 * 60 * 60);

    vi.setSystemTime(new Date(start.getTime() + (12 * 60 * 60 - 1) * 1000));
    const paid = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      confirm: true,
      confirmation_token: fresh.id,
    });
    expect(paid.status).toBe("succeeded");

    vi.setSystemTime(new Date(start.getTime() + 12 * 60 * 60 * 1000));
    await expect(
      rides.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        confirm: true,
        confirmation_token: stale.id,
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "confirmation_token",
      message: expect.stringContaining("expired"),
    });
    const si = await rides.setupIntents.create({});
    await expect(rides.setupIntents.confirm(si.id, { confirmation_token: stale.id })).rejects.toMatchObject({
      statusCode: 400,
      param: "confirmation_token",
    });
  });
});
