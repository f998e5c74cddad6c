import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { ACCOUNTS, client, emulatorForFile, json, KEYS, startEmulator, VISA } from "./helpers.js";

const { emu, rides, deliveries } = await emulatorForFile();

const RETURN = "https://shop.example/admin/cards?session_id={CHECKOUT_SESSION_ID}";

async function types(stripe: Stripe): Promise<string[]> {
  return (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
}

describe("SetupIntents API", () => {
  it("sets a card up in two steps and attaches it to the customer", async () => {
    const customer = await rides.customers.create({ email: "si@example.com" });
    const si = await rides.setupIntents.create({
      customer: customer.id,
      metadata: { purpose: "admin" },
      description: "Card on file",
    });
    expect(si).toMatchObject({
      object: "setup_intent",
      status: "requires_payment_method",
      usage: "off_session",
      customer: customer.id,
      payment_method: null,
      payment_method_types: ["card"],
      metadata: { purpose: "admin" },
      description: "Card on file",
      last_setup_error: null,
      next_action: null,
    });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const updated = await rides.setupIntents.update(si.id, { payment_method: "pm_card_visa" });
    expect(updated.status).toBe("requires_confirmation");
    expect(updated.payment_method).toMatch(/^pm_/);
    const done = await rides.setupIntents.confirm(si.id);
    expect(done).toMatchObject({ status: "succeeded", payment_method: updated.payment_method });
    expect(done.latest_attempt).toMatch(/^setatt_/);
    const cards = await rides.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((c) => c.id)).toEqual([updated.payment_method]);
    expect(await types(rides)).toEqual(
      expect.arrayContaining(["setup_intent.created", "setup_intent.succeeded", "payment_method.attached"]),
    );
    const onSession = await rides.setupIntents.create({ usage: "on_session" });
    expect(onSession.usage).toBe("on_session");
  });

  it("declines with a 402 card_error carrying the setup_intent, then succeeds with another card", async () => {
    const customer = await rides.customers.create({ email: "decline@example.com" });
    const err = (await rides.setupIntents
      .create({ customer: customer.id, payment_method: "pm_card_chargeDeclined", confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    });
    const embedded = err.setup_intent as Stripe.SetupIntent;
    expect(embedded).toMatchObject({ object: "setup_intent", status: "requires_payment_method" });
    const failed = await rides.setupIntents.retrieve(embedded.id);
    expect(failed.last_setup_error).toMatchObject({ type: "card_error", code: "card_declined" });
    expect(failed.payment_method).toBeNull();
    expect(await types(rides)).toContain("setup_intent.setup_failed");
    expect((await rides.customers.listPaymentMethods(customer.id)).data).toHaveLength(0);
    const retried = await rides.setupIntents.confirm(failed.id, { payment_method: "pm_card_visa" });
    expect(retried).toMatchObject({ status: "succeeded", last_setup_error: null });
  });

  it("asks for 3D Secure (use_stripe_sdk, or redirect_to_url with return_url) and passes or fails", async () => {
    const customer = await rides.customers.create({ email: "3ds@example.com" });
    const si = await rides.setupIntents.create({
      customer: customer.id,
      payment_method: "pm_card_authenticationRequiredOnSetup",
      confirm: true,
    });
    expect(si.status).toBe("requires_action");
    expect(si.next_action?.type).toBe("use_stripe_sdk");
    expect(await types(rides)).toContain("setup_intent.requires_action");
    const failed = await json(emu, "POST", `/_emulator/setup_intents/${si.id}/authenticate`, {
      client_secret: si.client_secret,
      success: false,
    });
    expect(failed.body).toMatchObject({
      status: "requires_payment_method",
      last_setup_error: { code: "setup_intent_authentication_failure" },
    });

    const redirect = await rides.setupIntents.create({
      customer: customer.id,
      payment_method: "pm_card_authenticationRequiredOnSetup",
      confirm: true,
      return_url: "https://shop.example/back",
    });
    expect(redirect.next_action?.type).toBe("redirect_to_url");
    const url = redirect.next_action?.redirect_to_url?.url ?? "";
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Authenticate your card");
    const passed = await json(emu, "POST", `/_emulator/setup_intents/${redirect.id}/authenticate`, {
      client_secret: redirect.client_secret,
      success: true,
    });
    expect(passed.body["status"]).toBe("succeeded");
    expect((await rides.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });

  it("cancels unfinished intents only", async () => {
    const si = await rides.setupIntents.create({});
    const canceled = await rides.setupIntents.cancel(si.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect(await types(rides)).toContain("setup_intent.canceled");
    await expect(rides.setupIntents.cancel(si.id)).rejects.toMatchObject({
      statusCode: 400,
      code: "setup_intent_unexpected_state",
    });
    await expect(rides.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" })).rejects.toMatchObject(
      { statusCode: 400, code: "setup_intent_unexpected_state" },
    );
  });

  it("replays an idempotent create", async () => {
    const customer = await rides.customers.create({ email: "idem@example.com" });
    const params = { customer: customer.id, payment_method: "pm_card_visa", confirm: true };
    const a = await rides.setupIntents.create(params, { idempotencyKey: "seti-once" });
    const b = await rides.setupIntents.create(params, { idempotencyKey: "seti-once" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await rides.setupIntents.list({ customer: customer.id })).data).toHaveLength(1);
    expect((await rides.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });

  it("lists by customer with pagination, scoped to the account", async () => {
    const customer = await rides.customers.create({ email: "list@example.com" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await rides.setupIntents.create({ customer: customer.id })).id);
    await rides.setupIntents.create({});
    const page1 = await rides.setupIntents.list({ customer: customer.id, limit: 2 });
    expect(page1.data.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect(page1.has_more).toBe(true);
    const page2 = await rides.setupIntents.list({ customer: customer.id, starting_after: ids[1] });
    expect(page2.data.map((s) => s.id)).toEqual([ids[0]]);
    expect((await rides.setupIntents.list()).data).toHaveLength(4);
    expect((await deliveries.setupIntents.list()).data).toHaveLength(0);
    await expect(deliveries.setupIntents.retrieve(String(ids[0]))).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: `No such setupintent: '${ids[0]}'`,
    });
  });

  it("refuses payment_method_types on endive (allowed_payment_method_types instead), accepts it before", async () => {
    const legacy = { payment_method_types: ["card"] } as unknown as Stripe.SetupIntentCreateParams;
    await expect(rides.setupIntents.create(legacy)).rejects.toMatchObject({
      statusCode: 400,
      code: "payment_method_types_no_longer_supported",
      param: "payment_method_types",
    });
    const allowed = await rides.setupIntents.create({ allowed_payment_method_types: ["card"] });
    expect(allowed).toMatchObject({
      allowed_payment_method_types: ["card"],
      automatic_payment_methods: null,
    });
    const basil = client(emu, KEYS.rides, { apiVersion: "2025-04-30.basil" as Stripe.LatestApiVersion });
    expect((await basil.setupIntents.create(legacy)).payment_method_types).toEqual(["card"]);
  });

  it("sets up an org-shared card from the other brand", async () => {
    const customer = await rides.customers.create({ email: "shared@example.com" });
    const pm = await rides.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const si = await deliveries.setupIntents.create({
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
    });
    expect(si).toMatchObject({ status: "succeeded", payment_method: pm.id });
  });
});

function setupParams(
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return { ui_mode: "embedded_page", mode: "setup", currency: "usd", return_url: RETURN, ...extra };
}

async function confirm(session: Stripe.Checkout.Session, body: Record<string, unknown>) {
  return json(emu, "POST", `/_emulator/checkout/sessions/${session.id}/confirm`, {
    client_secret: session.client_secret,
    ...body,
  });
}

describe("Checkout Sessions in setup mode", () => {
  it("validates like Stripe", async () => {
    const lineItems = [
      { price_data: { currency: "usd", unit_amount: 100, product_data: { name: "x" } }, quantity: 1 },
    ];
    await expect(
      rides.checkout.sessions.create(setupParams({ line_items: lineItems })),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "line_items",
      message: "You can not pass `line_items` in `setup` mode.",
    });
    await expect(
      rides.checkout.sessions.create(setupParams({ payment_intent_data: { description: "x" } })),
    ).rejects.toMatchObject({
      param: "payment_intent_data",
      message: "You can not pass `payment_intent_data` in `setup` mode.",
    });
    await expect(
      rides.checkout.sessions.create(setupParams({ allow_promotion_codes: true })),
    ).rejects.toMatchObject({ message: "You can not pass `allow_promotion_codes` in `setup` mode." });
    await expect(rides.checkout.sessions.create(setupParams({ currency: undefined }))).rejects.toMatchObject({
      code: "parameter_missing",
      param: "currency",
    });
    const allowed = await rides.checkout.sessions.create(
      setupParams({ currency: undefined, allowed_payment_method_types: ["card"] }),
    );
    expect(allowed.currency).toBeNull();
    await expect(
      rides.checkout.sessions.create({
        ...setupParams(),
        mode: "payment",
        currency: undefined,
        line_items: lineItems,
        setup_intent_data: { description: "x" },
      }),
    ).rejects.toMatchObject({ message: "You can not pass `setup_intent_data` in `payment` mode." });
    await expect(rides.checkout.sessions.create(setupParams({ customer: "cus_gone" }))).rejects.toMatchObject(
      { code: "resource_missing", param: "customer" },
    );
    await expect(
      rides.checkout.sessions.create({ ...setupParams(), return_url: undefined }),
    ).rejects.toMatchObject({ param: "return_url" });
  });

  it("creates an open session whose SetupIntent Checkout owns", async () => {
    const customer = await rides.customers.create({ email: "admin-card@example.com" });
    const s = await rides.checkout.sessions.create(
      setupParams({
        customer: customer.id,
        metadata: { admin: "a1" },
        setup_intent_data: { description: "Admin adds a card", metadata: { by: "admin" } },
        expand: ["setup_intent"],
      }),
    );
    expect(s).toMatchObject({
      object: "checkout.session",
      mode: "setup",
      status: "open",
      payment_status: "no_payment_required",
      amount_total: null,
      amount_subtotal: null,
      currency: "usd",
      payment_intent: null,
      customer: customer.id,
      metadata: { admin: "a1" },
      saved_payment_method_options: null,
      redirect_on_completion: "always",
      return_url: RETURN,
    });
    const si = s.setup_intent as Stripe.SetupIntent;
    expect(si).toMatchObject({
      status: "requires_payment_method",
      customer: customer.id,
      usage: "off_session",
      description: "Admin adds a card",
      metadata: { by: "admin" },
    });
    expect((await rides.checkout.sessions.listLineItems(s.id)).data).toEqual([]);
    await expect(rides.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" })).rejects.toMatchObject(
      {
        statusCode: 400,
        code: "setup_intent_unexpected_state",
      },
    );
    await expect(rides.setupIntents.cancel(si.id)).rejects.toMatchObject({ statusCode: 400 });
    await rides.checkout.sessions.expire(s.id);
    expect((await rides.setupIntents.retrieve(si.id)).status).toBe("canceled");
  });

  it("saves the card on the customer with allow_redisplay always; the other brand lists it", async () => {
    const customer = await rides.customers.create({ email: "jenny@example.com", name: "Jenny Rosen" });
    const s = await rides.checkout.sessions.create(setupParams({ customer: customer.id }));
    const view = await json(emu, "GET", `/_emulator/checkout/sessions/by-secret/${s.client_secret}`);
    expect(view.body).toMatchObject({ saved_payment_methods: [], save_payment_method_offered: false });

    const res = await confirm(s, { card: VISA });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "complete", payment_intent: null });
    expect((res.body["setup_intent"] as Record<string, unknown>)["status"]).toBe("succeeded");
    const done = await rides.checkout.sessions.retrieve(s.id, { expand: ["setup_intent"] });
    expect(done).toMatchObject({
      status: "complete",
      payment_status: "no_payment_required",
      customer: customer.id,
      customer_details: { email: "jenny@example.com" },
    });
    const si = done.setup_intent as Stripe.SetupIntent;
    expect(si).toMatchObject({ status: "succeeded", customer: customer.id });
    const pm = await rides.paymentMethods.retrieve(String(si.payment_method));
    expect(pm).toMatchObject({ customer: customer.id, allow_redisplay: "always" });
    expect(pm.card?.last4).toBe("4242");

    expect(await types(rides)).toEqual(
      expect.arrayContaining([
        "setup_intent.created",
        "setup_intent.succeeded",
        "payment_method.attached",
        "checkout.session.completed",
      ]),
    );
    expect(await types(rides)).not.toContain("payment_intent.created");
    const completed = (await rides.events.list({ type: "checkout.session.completed" })).data[0];
    expect(completed?.context).toBe(ACCOUNTS.rides);

    // Organization sharing: Rocket Deliveries sees the card on the same customer id.
    const shared = await deliveries.customers.listPaymentMethods(customer.id);
    expect(shared.data.map((p) => p.id)).toEqual([pm.id]);
    // A later payment-mode session of the other brand offers it (allow_redisplay: always).
    const pay = await deliveries.checkout.sessions.create({
      ui_mode: "embedded_page",
      mode: "payment",
      return_url: RETURN,
      customer: customer.id,
      line_items: [
        {
          price_data: { currency: "usd", unit_amount: 900, product_data: { name: "Delivery" } },
          quantity: 1,
        },
      ],
    });
    const payView = await json(emu, "GET", `/_emulator/checkout/sessions/by-secret/${pay.client_secret}`);
    expect((payView.body["saved_payment_methods"] as Array<{ id: string }>).map((p) => p.id)).toEqual([
      pm.id,
    ]);

    const again = await confirm(s, { card: VISA });
    expect(again.body).toMatchObject({ status: "complete", already_complete: true });
    expect((await rides.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });

  it("creates the customer when customer_creation is always", async () => {
    const s = await rides.checkout.sessions.create(
      setupParams({ customer_creation: "always", customer_email: "new@example.com" }),
    );
    expect((await confirm(s, { card: VISA })).body["status"]).toBe("complete");
    const done = await rides.checkout.sessions.retrieve(s.id);
    expect(done.customer).toMatch(/^cus_/);
    const customer = (await rides.customers.retrieve(String(done.customer))) as Stripe.Customer;
    expect(customer.email).toBe("new@example.com");
    expect((await rides.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
    expect(await types(rides)).toEqual(
      expect.arrayContaining(["customer.created", "payment_method.attached"]),
    );
  });

  it("keeps the session open on a decline and runs 3D Secure like payment mode", async () => {
    const customer = await rides.customers.create({ email: "d@example.com" });
    const s = await rides.checkout.sessions.create(setupParams({ customer: customer.id }));
    const declined = await confirm(s, { card: { ...VISA, number: "4000000000009995" } });
    expect(declined.status).toBe(402);
    expect(declined.body["error"]).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    expect((declined.body["error"] as Record<string, unknown>)["setup_intent"]).toMatchObject({
      id: s.setup_intent,
    });
    expect((await rides.checkout.sessions.retrieve(s.id)).status).toBe("open");

    const challenge = await confirm(s, { card: { ...VISA, number: "4000002500003155" } });
    expect(challenge.body).toMatchObject({
      status: "requires_action",
      challenge: { setup_intent: s.setup_intent },
    });
    const failed = await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/authenticate`, {
      client_secret: s.client_secret,
      success: false,
    });
    expect(failed.body["status"]).toBe("authentication_failed");
    expect((await rides.checkout.sessions.retrieve(s.id)).status).toBe("open");
    await confirm(s, { card: { ...VISA, number: "4000002500003155" } });
    const passed = await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/authenticate`, {
      client_secret: s.client_secret,
      success: true,
    });
    expect(passed.body["status"]).toBe("complete");
    const cards = await rides.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((c) => c.card?.last4)).toEqual(["3155"]);
  });
});

describe("setup-mode completion over signed webhooks", () => {
  let server: Server;
  const received: Array<{ body: string; signature: string }> = [];
  let hooked: Emulator;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          body: Buffer.concat(chunks).toString("utf8"),
          signature: String(req.headers["stripe-signature"]),
        });
        res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hooked = await startEmulator({ appUrl: url });
  });
  afterAll(async () => {
    await hooked.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("delivers setup_intent.succeeded, payment_method.attached and checkout.session.completed", async () => {
    const stripe = client(hooked, KEYS.rides);
    const customer = await stripe.customers.create({ email: "hook@example.com" });
    const s = await stripe.checkout.sessions.create(setupParams({ customer: customer.id }));
    await json(hooked, "POST", `/_emulator/checkout/sessions/${s.id}/confirm`, {
      client_secret: s.client_secret,
      card: VISA,
    });
    // The background loop may already be sending some: wait for the session's own event.
    await expect
      .poll(async () => {
        await hooked.deliverer.deliverNow();
        return received.some((r) => r.body.includes('"checkout.session.completed"'));
      })
      .toBe(true);
    const verifier = new Stripe("sk_test_unused");
    const events = received.map((r) =>
      verifier.webhooks.constructEvent(r.body, r.signature, "whsec_org_rocketgroup_emulator_0001"),
    );
    const rideEvents = events.filter((e) => e.context === ACCOUNTS.rides).map((e) => e.type);
    expect(rideEvents).toEqual(
      expect.arrayContaining([
        "setup_intent.created",
        "setup_intent.succeeded",
        "payment_method.attached",
        "checkout.session.completed",
      ]),
    );
    const completed = events.find((e) => e.type === "checkout.session.completed");
    expect(completed?.data.object).toMatchObject({ mode: "setup", setup_intent: s.setup_intent });
  });
});
