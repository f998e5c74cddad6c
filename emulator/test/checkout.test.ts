import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, client, emulatorForFile, json, KEYS, VISA } from "./helpers.js";

const { emu, rides, deliveries, platform } = await emulatorForFile();

const RETURN = "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}";

function sessionParams(
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    ui_mode: "embedded_page",
    mode: "payment",
    return_url: RETURN,
    line_items: [
      {
        price_data: { currency: "usd", unit_amount: 7500, product_data: { name: "Ride service" } },
        quantity: 1,
      },
      { price_data: { currency: "usd", unit_amount: 250, product_data: { name: "Tip" } }, quantity: 2 },
    ],
    saved_payment_method_options: { payment_method_save: "enabled" },
    ...extra,
  };
}

async function confirm(session: Stripe.Checkout.Session, body: Record<string, unknown>) {
  return json(emu, "POST", `/_emulator/checkout/sessions/${session.id}/confirm`, {
    client_secret: session.client_secret,
    ...body,
  });
}

describe("checkout sessions API", () => {
  it("creates an embedded_page session with Stripe's shape", async () => {
    const s = await rides.checkout.sessions.create(
      sessionParams({ customer_creation: "always", metadata: { user: "u1" } }),
    );
    expect(s).toMatchObject({
      object: "checkout.session",
      ui_mode: "embedded_page",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      customer: null,
      customer_creation: "always",
      return_url: RETURN,
      redirect_on_completion: "always",
      success_url: null,
      url: null,
      amount_total: 8000,
      amount_subtotal: 8000,
      currency: "usd",
      metadata: { user: "u1" },
      saved_payment_method_options: { payment_method_save: "enabled", allow_redisplay_filters: ["always"] },
      custom_fields: [],
      shipping_options: [],
    });
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.client_secret).toMatch(new RegExp(`^${s.id}_secret_`));
    expect(s.expires_at - s.created).toBe(86400);
    const items = await rides.checkout.sessions.listLineItems(s.id);
    expect(items.data.map((i) => [i.description, i.quantity, i.amount_total])).toEqual([
      ["Ride service", 1, 7500],
      ["Tip", 2, 500],
    ]);
    expect(items.data[0]?.price?.unit_amount).toBe(7500);
    const expanded = await rides.checkout.sessions.retrieve(s.id, { expand: ["line_items"] });
    expect(expanded.line_items?.data).toHaveLength(2);
    expect((await rides.checkout.sessions.list({ limit: 1 })).data[0]?.id).toBe(s.id);
  });

  it("rejects ui_mode embedded on this API version but accepts it on older ones", async () => {
    await expect(
      rides.checkout.sessions.create(
        sessionParams({ ui_mode: "embedded" as Stripe.Checkout.SessionCreateParams.UiMode }),
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "ui_mode",
    });
    const old = client(emu, KEYS.rides, { apiVersion: "2025-04-30.basil" as Stripe.LatestApiVersion });
    const s = await old.checkout.sessions.create(
      sessionParams({ ui_mode: "embedded" as Stripe.Checkout.SessionCreateParams.UiMode }),
    );
    expect(s.ui_mode).toBe("embedded");
  });

  it("validates embedded-only rules and customers", async () => {
    await expect(
      rides.checkout.sessions.create(sessionParams({ success_url: "https://x.test/ok" })),
    ).rejects.toMatchObject({ param: "success_url" });
    await expect(
      rides.checkout.sessions.create({
        ...sessionParams(),
        return_url: undefined,
      } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ param: "return_url" });
    await expect(
      rides.checkout.sessions.create(sessionParams({ customer: "cus_gone" })),
    ).rejects.toMatchObject({ code: "resource_missing", param: "customer" });
    await expect(
      rides.checkout.sessions.create({
        ...sessionParams(),
        mode: undefined,
      } as unknown as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "mode" });
  });

  it("expires open sessions only", async () => {
    const s = await rides.checkout.sessions.create(sessionParams());
    const e = await rides.checkout.sessions.expire(s.id);
    expect(e.status).toBe("expired");
    await expect(rides.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 });
    const page = await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/confirm`, {
      client_secret: s.client_secret,
      card: VISA,
      email: "a@example.com",
    });
    expect(page.status).toBe(400);
    expect((await rides.events.list({ type: "checkout.session.expired" })).data).toHaveLength(1);
  });
});

describe("completing a session (the embedded page's Pay)", () => {
  it("creates the customer, saves the card when ticked, pays, and the other brand sees the card", async () => {
    const s = await rides.checkout.sessions.create(
      sessionParams({ customer_creation: "always", customer_email: "jenny@example.com" }),
    );
    const view = await json(emu, "GET", `/_emulator/checkout/sessions/by-secret/${s.client_secret}`);
    expect(view.status).toBe(200);
    expect(view.body["account"]).toMatchObject({
      id: ACCOUNTS.rides,
      branding: { display_name: "Rocket Rides", primary_color: "#4f46e5" },
    });
    expect(view.body["saved_payment_methods"]).toEqual([]);

    const res = await confirm(s, { card: VISA, save_payment_method: true });
    expect(res.status).toBe(200);
    expect(res.body["status"]).toBe("complete");
    const done = await rides.checkout.sessions.retrieve(s.id, { expand: ["payment_intent.latest_charge"] });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid" });
    expect(done.customer).toMatch(/^cus_/);
    expect(done.customer_details?.email).toBe("jenny@example.com");
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: "succeeded", amount: 8000, customer: done.customer });
    expect((pi.latest_charge as Stripe.Charge).payment_method_details?.card?.last4).toBe("4242");

    const cards = await rides.customers.listPaymentMethods(String(done.customer));
    expect(cards.data).toHaveLength(1);
    expect(cards.data[0]?.allow_redisplay).toBe("always");

    const types = (await rides.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "checkout.session.completed",
        "customer.created",
        "payment_method.attached",
        "payment_intent.succeeded",
        "charge.succeeded",
      ]),
    );
    const completed = (await rides.events.list({ type: "checkout.session.completed" })).data[0];
    expect(completed?.context).toBe(ACCOUNTS.rides);

    // Rocket Deliveries: same customer id, the shared card preselected.
    const s2 = await deliveries.checkout.sessions.create(sessionParams({ customer: String(done.customer) }));
    const view2 = await json(emu, "GET", `/_emulator/checkout/sessions/by-secret/${s2.client_secret}`);
    const saved = view2.body["saved_payment_methods"] as Array<Record<string, unknown>>;
    expect(saved.map((p) => p["id"])).toEqual([cards.data[0]?.id]);
    const oneClick = await confirm(s2, { payment_method: String(saved[0]?.["id"]) });
    expect(oneClick.body["status"]).toBe("complete");
    const done2 = await deliveries.checkout.sessions.retrieve(s2.id);
    expect(done2.customer).toBe(done.customer);
    const pi2 = await deliveries.paymentIntents.retrieve(String(done2.payment_intent));
    expect(pi2.payment_method).toBe(cards.data[0]?.id);
    expect((await deliveries.events.list({ type: "checkout.session.completed" })).data[0]?.context).toBe(
      ACCOUNTS.deliveries,
    );
  });

  it("does not save the card when the box is not ticked", async () => {
    const s = await rides.checkout.sessions.create(sessionParams({ customer_creation: "always" }));
    const res = await confirm(s, { card: VISA, email: "nosave@example.com" });
    expect(res.body["status"]).toBe("complete");
    const done = await rides.checkout.sessions.retrieve(s.id);
    expect((await rides.customers.listPaymentMethods(String(done.customer))).data).toHaveLength(0);
  });

  it("keeps the session open on a decline and never pays twice", async () => {
    const s = await rides.checkout.sessions.create(sessionParams({ customer_email: "d@example.com" }));
    const declined = await confirm(s, { card: { ...VISA, number: "4000000000000002" } });
    expect(declined.status).toBe(402);
    expect(declined.body["error"]).toMatchObject({
      type: "card_error",
      code: "card_declined",
      message: "Your card was declined.",
    });
    expect((await rides.checkout.sessions.retrieve(s.id)).status).toBe("open");
    const [a, b] = await Promise.all([confirm(s, { card: VISA }), confirm(s, { card: VISA })]);
    expect([a.body["status"], b.body["status"]]).toEqual(["complete", "complete"]);
    const succeeded = (await rides.paymentIntents.list()).data.filter((p) => p.status === "succeeded");
    expect(succeeded).toHaveLength(1);
    expect((await rides.events.list({ type: "checkout.session.completed" })).data).toHaveLength(1);
  });

  it("runs the 3DS challenge: pass completes, fail keeps the session open", async () => {
    const s = await rides.checkout.sessions.create(sessionParams({ customer_email: "3ds@example.com" }));
    const first = await confirm(s, { card: { ...VISA, number: "4000002500003155" } });
    expect(first.body["status"]).toBe("requires_action");
    const failed = await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/authenticate`, {
      client_secret: s.client_secret,
      success: false,
    });
    expect(failed.body["status"]).toBe("authentication_failed");
    expect((await rides.checkout.sessions.retrieve(s.id)).status).toBe("open");
    const again = await confirm(s, { card: { ...VISA, number: "4000002500003155" } });
    expect(again.body["status"]).toBe("requires_action");
    const passed = await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/authenticate`, {
      client_secret: s.client_secret,
      success: true,
    });
    expect(passed.body["status"]).toBe("complete");
    expect((await rides.checkout.sessions.retrieve(s.id)).payment_status).toBe("paid");
  });

  it("completes the session when the 3DS page authenticates its PaymentIntent directly", async () => {
    const s = await rides.checkout.sessions.create(sessionParams({ customer_email: "3ds-pi@example.com" }));
    const first = await confirm(s, { card: { ...VISA, number: "4000000000003220" } });
    const challenge = first.body["challenge"] as { payment_intent: string; url: string };
    expect(challenge.url).toContain(`/_emulator/3ds/${challenge.payment_intent}`);
    const pi = first.body["payment_intent"] as { client_secret: string };
    const page = await fetch(challenge.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Complete authentication");
    const done = await json(
      emu,
      "POST",
      `/_emulator/payment_intents/${challenge.payment_intent}/authenticate`,
      {
        client_secret: pi.client_secret,
        success: true,
      },
    );
    expect(done.body["status"]).toBe("succeeded");
    expect((await rides.checkout.sessions.retrieve(s.id)).status).toBe("complete");
    const again = await confirm(s, { card: VISA });
    expect(again.body).toMatchObject({ status: "complete", already_complete: true });
    expect((await rides.paymentIntents.list()).data).toHaveLength(1);
  });

  it("rejects a wrong client secret and a card the customer does not own", async () => {
    const s = await rides.checkout.sessions.create(sessionParams({ customer_email: "x@example.com" }));
    expect(
      (
        await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/confirm`, {
          client_secret: "cs_test_nope_secret_x",
          card: VISA,
        })
      ).status,
    ).toBe(404);
    const other = await rides.customers.create({ email: "o@example.com" });
    const pm = await rides.paymentMethods.attach("pm_card_visa", { customer: other.id });
    expect((await confirm(s, { payment_method: pm.id })).status).toBe(400);
    expect(
      (await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/confirm`, { card: VISA })).status,
    ).toBe(400);
  });

  it("uses payment_intent_data and works in a connected account", async () => {
    const s = await platform.checkout.sessions.create(
      sessionParams({
        customer_email: "c@example.com",
        payment_intent_data: { metadata: { order: "o1" }, description: "Ride" },
      }),
      { stripeAccount: ACCOUNTS.ridesConnected },
    );
    expect((await confirm(s, { card: VISA })).body["status"]).toBe("complete");
    const done = await platform.checkout.sessions.retrieve(
      s.id,
      { expand: ["payment_intent"] },
      { stripeAccount: ACCOUNTS.ridesConnected },
    );
    expect(done.payment_intent).toMatchObject({ metadata: { order: "o1" }, description: "Ride" });
    const evt = (
      await platform.events.list(
        { type: "checkout.session.completed" },
        { stripeAccount: ACCOUNTS.ridesConnected },
      )
    ).data[0];
    expect(evt).toMatchObject({ account: ACCOUNTS.ridesConnected, context: ACCOUNTS.ridesConnected });
  });
});
