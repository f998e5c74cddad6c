import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, emulatorForFile, json } from "./helpers.js";

// Wherever the package manager put the SDK (this package's node_modules or a parent's).
const TYPES_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve("stripe")), "resources");

/** Top-level fields the SDK's types declare as always present (`name:` rather than `name?:`). */
function requiredFields(file: string, iface: string): string[] {
  const src = readFileSync(path.join(TYPES_DIR, file), "utf8");
  const start = src.indexOf(`export interface ${iface} {`);
  if (start === -1) throw new Error(`${iface} not found in ${file}`);
  const end = src.indexOf("\n}\n", start);
  const body = src.slice(start, end);
  const out: string[] = [];
  for (const m of body.matchAll(/^ {4}([a-z_0-9]+):/gm)) if (m[1]) out.push(m[1]);
  return out;
}

function missing(obj: unknown, file: string, iface: string): string[] {
  const o = obj as Record<string, unknown>;
  return requiredFields(file, iface).filter((k) => !(k in o));
}

const { emu, rides, ridesPk } = await emulatorForFile({}, { resetBeforeEach: false });

describe("object shapes match stripe-node 23's types", () => {
  it("declares the interfaces we check (the parser finds fields)", () => {
    expect(requiredFields("Customers.d.ts", "Customer")).toEqual(
      expect.arrayContaining(["id", "object", "balance", "invoice_settings"]),
    );
  });

  it("Customer, PaymentMethod, Token, Card, PaymentIntent, Charge, Refund, Event, WebhookEndpoint", async () => {
    const customer = await rides.customers.create({ email: "shape@example.com", source: "tok_visa" });
    expect(missing(customer, "Customers.d.ts", "Customer")).toEqual([]);
    const card = await rides.customers.retrieveSource(customer.id, String(customer.default_source));
    expect(missing(card, "Cards.d.ts", "Card")).toEqual([]);
    const pm = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    expect(missing(pm, "PaymentMethods.d.ts", "PaymentMethod")).toEqual([]);
    // Card numbers are tokenized with the publishable key, as Stripe.js does.
    const token = await ridesPk.tokens.create({
      card: { number: "4242424242424242", exp_month: "1", exp_year: "2040" },
    } as Stripe.TokenCreateParams);
    expect(missing(token, "Tokens.d.ts", "Token")).toEqual([]);
    expect(missing(token.card, "Cards.d.ts", "Card")).toEqual([]);
    const pi = await rides.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      expand: ["latest_charge"],
    });
    expect(missing(pi, "PaymentIntents.d.ts", "PaymentIntent")).toEqual([]);
    expect(missing(pi.latest_charge, "Charges.d.ts", "Charge")).toEqual([]);
    const refund = await rides.refunds.create({ payment_intent: pi.id });
    expect(missing(refund, "Refunds.d.ts", "Refund")).toEqual([]);
    const event = (await rides.events.list({ limit: 1 })).data[0];
    expect(missing(event, "Events.d.ts", "EventBase")).toEqual([]);
    const we = await rides.webhookEndpoints.create({
      url: "https://example.com/hook",
      enabled_events: ["*"],
    });
    expect(missing(we, "WebhookEndpoints.d.ts", "WebhookEndpoint")).toEqual([]);
  });

  it("Checkout Session and its line items, open and complete", async () => {
    const s = await rides.checkout.sessions.create({
      ui_mode: "embedded_page",
      mode: "payment",
      return_url: "https://x.test/r?session_id={CHECKOUT_SESSION_ID}",
      customer_creation: "always",
      line_items: [
        { price_data: { currency: "usd", unit_amount: 1200, product_data: { name: "Ride" } }, quantity: 1 },
      ],
    });
    expect(missing(s, "Checkout/Sessions.d.ts", "Session")).toEqual([]);
    const items = await rides.checkout.sessions.listLineItems(s.id);
    expect(missing(items.data[0], "LineItems.d.ts", "LineItem")).toEqual([]);
    const price = items.data[0]?.price;
    expect(missing(price, "Prices.d.ts", "Price")).toEqual([]);
    await json(emu, "POST", `/_emulator/checkout/sessions/${s.id}/confirm`, {
      client_secret: s.client_secret,
      email: "shape@example.com",
      card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" },
    });
    const done = await rides.checkout.sessions.retrieve(s.id);
    expect(missing(done, "Checkout/Sessions.d.ts", "Session")).toEqual([]);
    expect(done.customer_details).toMatchObject({ email: "shape@example.com" });
  });

  it("SetupIntent, and a setup-mode Checkout Session", async () => {
    const si = await rides.setupIntents.create({ payment_method: "pm_card_visa", confirm: true });
    expect(missing(si, "SetupIntents.d.ts", "SetupIntent")).toEqual([]);
    const s = await rides.checkout.sessions.create({
      ui_mode: "embedded_page",
      mode: "setup",
      currency: "usd",
      return_url: "https://x.test/r?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(missing(s, "Checkout/Sessions.d.ts", "Session")).toEqual([]);
  });

  it("uses real id prefixes", async () => {
    const c = await rides.customers.create({ source: "tok_visa" }, { stripeAccount: ACCOUNTS.rides });
    expect(c.id).toMatch(/^cus_/);
    expect(String(c.default_source)).toMatch(/^card_/);
    const ev = (await rides.events.list({ limit: 1 })).data[0];
    expect(ev?.id).toMatch(/^evt_/);
  });
});
