import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, basic, emulatorForFile, KEYS, rawPost } from "./helpers.js";

const onRides = { stripeAccount: ACCOUNTS.ridesConnected };

const { emu, platform } = await emulatorForFile();

describe("legacy Connect cloning: the seed's curl steps", () => {
  it("runs the three steps and the charge exactly as written", async () => {
    const auth = basic(KEYS.platform);
    const step1 = await rawPost(
      emu,
      "/v1/customers",
      "email=paying.user%40example.com&source=tok_mastercard",
      auth,
    );
    expect(step1.status).toBe(200);
    const platformCustomer = String(step1.body["id"]);
    expect(step1.body["default_source"]).toMatch(/^card_/);

    const step2 = await rawPost(
      emu,
      "/v1/tokens",
      { customer: platformCustomer },
      { ...auth, "stripe-account": ACCOUNTS.ridesConnected },
    );
    expect(step2.status).toBe(200);
    expect(step2.body).toMatchObject({ object: "token", type: "card", used: false });
    const token = String(step2.body["id"]);
    expect((step2.body["card"] as Record<string, unknown>)["last4"]).toBe("4444");

    const step3 = await rawPost(
      emu,
      "/v1/customers",
      { source: token },
      { ...auth, "stripe-account": ACCOUNTS.ridesConnected },
    );
    expect(step3.status).toBe(200);
    const cloned = String(step3.body["id"]);
    const card = String(step3.body["default_source"]);
    expect(card).toMatch(/^card_/);

    const step4Body = `amount=999&currency=usd&payment_method_types[]=card&customer=${cloned}&payment_method=${card}`;
    // The docs' step predates endive, which refuses `payment_method_types`; as written it runs on
    // the API version it was written for.
    const onEndive = await rawPost(emu, "/v1/payment_intents", step4Body, {
      ...auth,
      "stripe-account": ACCOUNTS.ridesConnected,
    });
    expect(onEndive.status).toBe(400);
    expect(onEndive.body["error"]).toMatchObject({ code: "payment_method_types_no_longer_supported" });
    const step4 = await rawPost(emu, "/v1/payment_intents", step4Body, {
      ...auth,
      "stripe-account": ACCOUNTS.ridesConnected,
      "stripe-version": "2025-04-30.basil",
    });
    expect(step4.status).toBe(200);
    expect(step4.body["status"]).toBe("requires_confirmation");
    const confirmed = await platform.paymentIntents.confirm(String(step4.body["id"]), {}, onRides);
    expect(confirmed.status).toBe("succeeded");

    // Charges made on the clone are not reflected on the original customer.
    expect((await platform.charges.list({ customer: platformCustomer })).data).toHaveLength(0);
    expect((await platform.charges.list({ customer: cloned }, onRides)).data).toHaveLength(1);

    // Tokens are single-use.
    const reuse = await rawPost(
      emu,
      "/v1/customers",
      { source: token },
      { ...auth, "stripe-account": ACCOUNTS.ridesConnected },
    );
    expect(reuse.status).toBe(400);
    expect(reuse.body["error"]).toMatchObject({
      code: "token_already_used",
      message: `You cannot use a Stripe token more than once: ${token}.`,
    });
  });

  it("fails with resource_missing param customer for an unknown platform customer", async () => {
    await expect(platform.tokens.create({ customer: "cus_missing" }, onRides)).rejects.toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "customer",
    });
    const c = await platform.customers.create({ source: "tok_visa" });
    await expect(platform.tokens.create({ customer: c.id })).rejects.toMatchObject({
      statusCode: 400,
      param: "customer",
    });
  });

  it("supports createSource / listSources / deleteSource", async () => {
    const c = await platform.customers.create({ email: "s@example.com" });
    const card = await platform.customers.createSource(c.id, { source: "tok_visa" });
    expect(card).toMatchObject({ object: "card", brand: "Visa", last4: "4242", customer: c.id });
    expect((await platform.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({
      default_source: card.id,
    });
    const list = await platform.customers.listSources(c.id, { object: "card" });
    expect(list.data.map((s) => s.id)).toEqual([card.id]);
    await expect(
      platform.customers.createSource(c.id, { source: "tok_chargeDeclined" }),
    ).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
    const del = await platform.customers.deleteSource(c.id, card.id);
    expect(del).toMatchObject({ id: card.id, deleted: true });
    expect((await platform.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({
      default_source: null,
    });
  });
  it("tokenizes a platform customer saved with PaymentMethods (newest card, or the card given)", async () => {
    const c = await platform.customers.create({ email: "pm@example.com" });
    const visa = await platform.paymentMethods.attach("pm_card_visa", { customer: c.id });
    const mc = await platform.paymentMethods.attach("pm_card_mastercard", { customer: c.id });
    const newest = await platform.tokens.create({ customer: c.id }, onRides);
    expect(newest.card?.last4).toBe("4444");
    const chosen = await platform.tokens.create(
      { customer: c.id, card: visa.id } as Stripe.TokenCreateParams,
      onRides,
    );
    expect(chosen.card?.last4).toBe("4242");
    const local = await platform.customers.create({ source: chosen.id }, onRides);
    expect(String(local.default_source)).toMatch(/^card_/);
    expect(mc.id).not.toBe(visa.id);
  });
});

describe("PaymentMethod cloning (current way)", () => {
  it("clones a platform card into the connected account; the platform pm is unknown there", async () => {
    const c = await platform.customers.create({ email: "p@example.com" });
    const pm = await platform.paymentMethods.attach("pm_card_visa", { customer: c.id });
    await expect(
      platform.paymentIntents.create(
        { amount: 1000, currency: "usd", payment_method: pm.id, confirm: true },
        onRides,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "payment_method" });

    const clone = await platform.paymentMethods.create({ customer: c.id, payment_method: pm.id }, onRides);
    expect(clone.id).not.toBe(pm.id);
    expect(clone.customer).toBeNull();
    expect(clone.card?.last4).toBe("4242");

    const local = await platform.customers.create({ email: "p@example.com" }, onRides);
    await platform.paymentMethods.attach(clone.id, { customer: local.id }, onRides);
    const pi = await platform.paymentIntents.create(
      {
        amount: 1000,
        currency: "usd",
        customer: local.id,
        payment_method: clone.id,
        confirm: true,
        off_session: true,
      },
      onRides,
    );
    expect(pi.status).toBe("succeeded");
    expect((await platform.paymentIntents.list()).data).toHaveLength(0);
  });

  it("consumes an unattached clone after one payment", async () => {
    const c = await platform.customers.create({ email: "p@example.com" });
    const pm = await platform.paymentMethods.attach("pm_card_visa", { customer: c.id });
    const clone = await platform.paymentMethods.create({ customer: c.id, payment_method: pm.id }, onRides);
    const first = await platform.paymentIntents.create(
      { amount: 1000, currency: "usd", payment_method: clone.id, confirm: true },
      onRides,
    );
    expect(first.status).toBe("succeeded");
    await expect(
      platform.paymentIntents.create(
        { amount: 1000, currency: "usd", payment_method: clone.id, confirm: true },
        onRides,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: "payment_method_unexpected_state" });
  });

  it("requires the pm to belong to the customer and the request to target a connected account", async () => {
    const c = await platform.customers.create({ email: "p@example.com" });
    const other = await platform.customers.create({ email: "o@example.com" });
    const pm = await platform.paymentMethods.attach("pm_card_visa", { customer: c.id });
    await expect(
      platform.paymentMethods.create({ customer: other.id, payment_method: pm.id }, onRides),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      platform.paymentMethods.create({ customer: c.id, payment_method: pm.id }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      platform.paymentMethods.create({ customer: "cus_nope", payment_method: pm.id }, onRides),
    ).rejects.toMatchObject({ param: "customer" });
  });

  it("emits connected-account events with account and context to the platform's Connect endpoint", async () => {
    await platform.customers.create({ email: "e@example.com" }, onRides);
    const evt = (await platform.events.list({ type: "customer.created" }, onRides)).data[0];
    expect(evt).toMatchObject({
      account: ACCOUNTS.ridesConnected,
      context: ACCOUNTS.ridesConnected,
      pending_webhooks: 1,
    });
    const own = await platform.customers.create({ email: "plat@example.com" });
    const ownEvt = (await platform.events.list({ type: "customer.created" })).data[0];
    expect(ownEvt?.data.object).toMatchObject({ id: own.id });
    expect(ownEvt?.account).toBeUndefined();
    // The platform's own events go to its account endpoint, not to the Connect one.
    expect(ownEvt?.pending_webhooks).toBe(1);
  });
});
