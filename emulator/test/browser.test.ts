import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { contrast, formatMoney, pickLocale, readable } from "../src/browser/page.js";
import { ACCOUNTS, client, emulatorForFile, json, KEYS, VISA } from "./helpers.js";

const APP_ORIGIN = "http://127.0.0.1:3100";
const RIDES_PK = "pk_test_rides_emulator_0001";
const DELIVERIES_PK = "pk_test_deliveries_emulator_0001";

const CARD_FORM_LABELS = [
  "Email",
  "Card number",
  "Expiration",
  "CVC",
  "Cardholder name",
  "Country",
  "Postal code",
];

const { emu, rides, deliveries } = await emulatorForFile();

function params(
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    ui_mode: "embedded_page",
    mode: "payment",
    return_url: "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}",
    line_items: [
      {
        price_data: { currency: "usd", unit_amount: 7500, product_data: { name: "Ride service" } },
        quantity: 1,
      },
      { price_data: { currency: "usd", unit_amount: 250, product_data: { name: "Tip" } }, quantity: 2 },
    ],
    ...extra,
  };
}

interface PageQuery {
  secret: string;
  origin?: string;
  key?: string;
  account?: string;
  headers?: Record<string, string>;
}

async function page(q: PageQuery): Promise<{ status: number; html: string; headers: Headers }> {
  const url = new URL(`${emu.url}/checkout/embedded`);
  url.searchParams.set("client_secret", q.secret);
  if (q.origin !== undefined) url.searchParams.set("origin", q.origin);
  if (q.key !== undefined) url.searchParams.set("key", q.key);
  if (q.account !== undefined) url.searchParams.set("account", q.account);
  const res = await fetch(url, { headers: q.headers ?? {} });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

async function ridesPage(session: Stripe.Checkout.Session, extra: Partial<PageQuery> = {}) {
  return page({ secret: session.client_secret ?? "", origin: APP_ORIGIN, key: RIDES_PK, ...extra });
}

describe("Stripe.js stand-in", () => {
  it("serves /js/stripe.js as a cross-origin classic script defining window.Stripe", async () => {
    const res = await fetch(`${emu.url}/js/stripe.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const body = await res.text();
    expect(body).toContain("window.Stripe =");
    expect(body).toContain("createEmbeddedCheckoutPage");
    expect(body).toContain("You cannot have multiple Embedded Checkout objects.");
    expect(body).not.toMatch(/^\s*(import|export)\s/m);

    const again = await fetch(`${emu.url}/js/stripe.js`, {
      headers: { "if-none-match": res.headers.get("etag") ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("serves the page assets and nothing else from the asset folder", async () => {
    const js = await fetch(`${emu.url}/checkout/assets/checkout.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("cache-control")).toBe("no-cache");
    const versioned = await fetch(`${emu.url}/checkout/assets/checkout.js?v=abc`);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const css = await fetch(`${emu.url}/checkout/assets/checkout.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    for (const bad of ["stripe.js", "..%2Findex.ts", "%2e%2e%2fview.ts", "nope.js"]) {
      const res = await fetch(`${emu.url}/checkout/assets/${bad}`);
      expect(res.status, bad).toBe(404);
    }
  });
});

describe("embedded Checkout page", () => {
  it("renders the session: brand, line items, quantities, total and the card form", async () => {
    const session = await rides.checkout.sessions.create(params({ customer_email: "jenny@example.com" }));
    const { status, html, headers } = await ridesPage(session);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(html).toContain("<title>Checkout · Rocket Rides</title>");
    expect(html).toContain("--brand:#4f46e5");
    // Styles are inlined under the CSP nonce; the script is a versioned same-origin module.
    const nonce = /'nonce-([^']+)'/.exec(headers.get("content-security-policy") ?? "")?.[1];
    expect(html).toContain(`<style nonce="${nonce}">/* The emulator's embedded Checkout page.`);
    expect(html).toMatch(
      /<script type="module" src="\/checkout\/assets\/checkout\.js\?v=[0-9a-f]{10}"><\/script>/,
    );
    expect(html).toContain("Ride service");
    expect(html).toContain("Tip");
    expect(html).toContain("Qty 2");
    expect(html).toContain("$2.50 each");
    expect(html).toContain("$80.00");
    expect(html).toContain(">Pay $80.00</button>");
    for (const label of CARD_FORM_LABELS) expect(html).toContain(`>${label}</label>`);
    // customer_email is prefilled and read-only
    expect(html).toMatch(/id="email"[^>]*value="jenny@example.com"[^>]*readonly/);
    // Not offered without saved_payment_method_options.payment_method_save: enabled
    expect(html).not.toContain("Save my card");
    const data = /<script type="application\/json" id="checkout-data">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(data ?? "null")).toMatchObject({
      sessionId: session.id,
      clientSecret: session.client_secret,
      parentOrigin: APP_ORIGIN,
      returnUrl: "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}",
      // The script labels a typed card with the same spelling as the page's saved cards.
      brandLabels: { visa: "Visa", mastercard: "Mastercard", amex: "American Express" },
    });
  });

  it("renders a setup-mode session: save-a-card heading, card form only, Save card, mandate line", async () => {
    const customer = await rides.customers.create({ email: "admin-card@example.com", name: "Jenny Rosen" });
    // A card saved earlier: setup mode never lists it (the page collects a new card).
    await rides.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    const session = await rides.checkout.sessions.create({
      ui_mode: "embedded_page",
      mode: "setup",
      currency: "usd",
      customer: customer.id,
      return_url: "https://shop.example/admin/cards?session_id={CHECKOUT_SESSION_ID}",
    });
    const { status, html } = await ridesPage(session);
    expect(status).toBe(200);
    expect(html).toContain("<title>Save a card · Rocket Rides</title>");
    expect(html).toMatch(/<h1 id="summary-title"[^>]*>.*Save a card with Rocket Rides/s);
    expect(html).not.toContain('data-testid="summary-total"');
    expect(html).not.toContain("Total due");
    expect(html).not.toContain('aria-label="Order summary"');
    expect(html).toContain(
      '<button type="submit" id="pay-button" class="pay-button" data-label="Save card">Save card</button>',
    );
    expect(html).toContain("By saving your card, you allow Rocket Rides to charge it for future payments");
    expect(html).not.toContain("Saved cards");
    expect(html).not.toContain('name="payment_method"');
    expect(html).not.toContain("Save my card");
    expect(html).toMatch(/<div id="card-fields" class="card-fields">/);
    for (const label of CARD_FORM_LABELS) expect(html).toContain(`>${label}</label>`);
    expect(html).toMatch(/id="email"[^>]*value="admin-card@example.com"[^>]*readonly/);
    expect(html).toContain('<h2 id="success-title" tabindex="-1">Card saved</h2>');
    expect(html).toContain("confirm saving your card with Rocket Rides");
    const data = /<script type="application\/json" id="checkout-data">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(data ?? "null")).toMatchObject({ outcomeVerb: "Saved", savedCards: [] });

    // What the page's Save card posts; afterwards the page shows the complete notice.
    const res = await json(emu, "POST", `/_emulator/checkout/sessions/${session.id}/confirm`, {
      client_secret: session.client_secret,
      card: VISA,
    });
    expect(res.body["status"]).toBe("complete");
    const after = await ridesPage(session);
    expect(after.html).toContain("Your card is saved. There is nothing more to do here.");
  });

  it("lets the app origin frame it and nothing else (CSP frame-ancestors), with a strict CSP", async () => {
    const session = await rides.checkout.sessions.create(params());
    const { headers } = await ridesPage(session);
    const csp = headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors 'self' ${APP_ORIGIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(headers.get("x-frame-options")).toBeNull();
    expect(headers.get("referrer-policy")).toBe("same-origin");

    for (const origin of ["javascript:alert(1)", "http://evil.example/path", "not a url"]) {
      const res = await ridesPage(session, { origin });
      expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'self'$/);
      expect(res.html).toContain('"parentOrigin":null');
    }
  });

  it("offers saving the card with the organization's consent text", async () => {
    const session = await rides.checkout.sessions.create(
      params({
        customer_creation: "always",
        saved_payment_method_options: { payment_method_save: "enabled" },
      }),
    );
    const { html } = await ridesPage(session);
    expect(html).toContain("Save my card for future purchases at all Rocket brands");
    expect(html).toContain(
      "shared across Rocket Group's brands in its organization (Rocket Rides, Rocket Deliveries)",
    );
    expect(html).toMatch(/<input type="checkbox" id="save-card"(?![^>]*checked)[^>]*>/);
  });

  it("formats amounts for the session locale, else the browser's", async () => {
    const fr = await rides.checkout.sessions.create(params({ locale: "fr" }));
    expect((await ridesPage(fr)).html).toMatch(/80,00\s\$US/);
    const auto = await rides.checkout.sessions.create(params());
    const de = await ridesPage(auto, { headers: { "accept-language": "de-DE,de;q=0.9,en;q=0.5" } });
    expect(de.html).toMatch(/80,00\s\$/);
    expect(de.html).toContain('<html lang="de-DE">');
    const jpy = await rides.checkout.sessions.create(
      params({
        line_items: [
          { price_data: { currency: "jpy", unit_amount: 1500, product_data: { name: "Ride" } }, quantity: 1 },
        ],
      }),
    );
    expect((await ridesPage(jpy)).html).toContain("Pay ¥1,500");
  });

  it("preselects the newest saved card, including one saved in the other brand's account", async () => {
    const first = await rides.checkout.sessions.create(
      params({
        customer_creation: "always",
        saved_payment_method_options: { payment_method_save: "enabled" },
      }),
    );
    const paid = await json(emu, "POST", `/_emulator/checkout/sessions/${first.id}/confirm`, {
      client_secret: first.client_secret,
      card: VISA,
      email: "jenny@example.com",
      save_payment_method: true,
    });
    expect(paid.body["status"]).toBe("complete");
    const customer = String((paid.body["session"] as Record<string, unknown>)["customer"]);

    // A second, newer card saved at Rocket Deliveries (directly through the API).
    const pm = await deliveries.paymentMethods.create({ type: "card", card: { token: "tok_mastercard" } });
    await deliveries.paymentMethods.attach(pm.id, { customer });
    await deliveries.paymentMethods.update(pm.id, { allow_redisplay: "always" });

    const second = await deliveries.checkout.sessions.create(
      params({ customer, saved_payment_method_options: { payment_method_save: "enabled" } }),
    );
    const { status, html } = await page({
      secret: second.client_secret ?? "",
      origin: APP_ORIGIN,
      key: DELIVERIES_PK,
      account: ACCOUNTS.deliveries,
    });
    expect(status).toBe(200);
    expect(html).toContain("<title>Checkout · Rocket Deliveries</title>");
    const radios = [
      ...html.matchAll(/<input type="radio" name="payment_method" value="(pm_[^"]+)"( checked)?>/g),
    ];
    expect(radios.map((m) => m[1])).toHaveLength(2);
    expect(radios[0]?.[1]).toBe(pm.id);
    expect(radios[0]?.[2]).toBe(" checked");
    expect(radios[1]?.[2]).toBeUndefined();
    expect(html).toContain("Mastercard •••• 4444");
    expect(html).toContain("Visa •••• 4242");
    expect(html).toContain(">Use another card</button>");
    // The customer's email is prefilled and locked.
    expect(html).toMatch(/id="email"[^>]*value="jenny@example.com"[^>]*readonly/);
    // The card form starts hidden behind "Use another card".
    expect(html).toMatch(/<div id="card-fields" class="card-fields" hidden>/);
  });

  it("shows a message instead of the form for expired and completed sessions", async () => {
    const expired = await rides.checkout.sessions.create(params());
    await rides.checkout.sessions.expire(expired.id);
    const e = await ridesPage(expired);
    expect(e.status).toBe(200);
    expect(e.html).toContain("This checkout session has expired");
    expect(e.html).not.toContain('id="pay-form"');

    const done = await rides.checkout.sessions.create(params({ customer_email: "jenny@example.com" }));
    await json(emu, "POST", `/_emulator/checkout/sessions/${done.id}/confirm`, {
      client_secret: done.client_secret,
      card: VISA,
    });
    const c = await ridesPage(done);
    expect(c.html).toContain("This checkout session is already complete");
    expect(c.html).not.toContain('id="pay-form"');
  });

  it("is slowed and failed by the API's fault rules, as real Checkout's call to Stripe would be", async () => {
    const session = await rides.checkout.sessions.create(params());
    emu.faults.set([{ path: "/v1/*", rate: 1, delayMs: 300 }]);
    const started = performance.now();
    const slow = await ridesPage(session);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.status).toBe(200);
    expect(slow.html).toContain('id="pay-form"');
    expect(emu.faults.list()).toMatchObject([{ applied: 1 }]);

    // As real Checkout's static page loads while its init call is slow, the head (styles, the
    // script) comes at once and the body (what the init call's answer fills in) after the delay.
    const url = new URL(`${emu.url}/checkout/embedded`);
    url.searchParams.set("client_secret", session.client_secret ?? "");
    url.searchParams.set("origin", APP_ORIGIN);
    const requested = performance.now();
    const streamed = await fetch(url);
    const reader = (streamed.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    const head = decoder.decode(first.value, { stream: true });
    expect(performance.now() - requested).toBeLessThan(250);
    expect(streamed.status).toBe(200);
    expect(head).toContain('<script type="module" src="/checkout/assets/checkout.js');
    expect(head).toMatch(/<\/head>$/);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += decoder.decode(chunk.value, { stream: true });
    }
    expect(performance.now() - requested).toBeGreaterThanOrEqual(290);
    expect(rest).toContain('id="pay-form"');
    expect(rest).toMatch(/<\/html>\n$/);

    emu.faults.set([{ path: `/v1/payment_pages/${session.id}/init`, method: "POST", rate: 1, status: 500 }]);
    const failed = await ridesPage(session);
    expect(failed.status).toBe(500);
    expect(failed.html).toContain("Checkout could not load");
    expect(failed.html).not.toContain('id="pay-form"');
    // Other API paths' rules leave the page alone.
    emu.faults.set([{ path: "/v1/customers*", rate: 1, status: 500 }]);
    expect((await ridesPage(session)).status).toBe(200);
  });

  it("answers 404 for an unknown client secret or a Stripe.js instance of another account", async () => {
    const missing = await page({ secret: "cs_test_nope_secret_nope", origin: APP_ORIGIN });
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("Checkout session not found");

    const session = await rides.checkout.sessions.create(params());
    const wrongKey = await page({
      secret: session.client_secret ?? "",
      origin: APP_ORIGIN,
      key: DELIVERIES_PK,
    });
    expect(wrongKey.status).toBe(404);
    expect(wrongKey.html).toContain("belongs to acct_1RocketRides00001");

    const wrongAccount = await ridesPage(session, { account: ACCOUNTS.deliveries });
    expect(wrongAccount.status).toBe(404);

    const bad = await page({ secret: "", origin: APP_ORIGIN });
    expect(bad.status).toBe(400);
  });

  it("opens a connected account's session with the platform's key and stripeAccount", async () => {
    const platform = client(emu, KEYS.platform, { stripeAccount: ACCOUNTS.ridesConnected });
    const session = await platform.checkout.sessions.create(params());
    const secret = session.client_secret ?? "";
    const ok = await page({
      secret,
      origin: APP_ORIGIN,
      key: "pk_test_platform_emulator_0001",
      account: ACCOUNTS.ridesConnected,
    });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain(">Pay $80.00</button>");
    const withoutAccount = await page({ secret, origin: APP_ORIGIN, key: "pk_test_platform_emulator_0001" });
    expect(withoutAccount.status).toBe(404);
    expect(withoutAccount.html).toContain("Pass { stripeAccount: &#39;acct_1RocketRidesCnct01&#39; }");
    const foreign = await page({
      secret,
      origin: APP_ORIGIN,
      key: RIDES_PK,
      account: ACCOUNTS.ridesConnected,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.html).toContain("cannot act as acct_1RocketRidesCnct01");
  });

  it("escapes everything it renders", async () => {
    const session = await rides.checkout.sessions.create(
      params({
        line_items: [
          {
            price_data: {
              currency: "usd",
              unit_amount: 100,
              product_data: { name: '<img src=x onerror="1">' },
            },
            quantity: 1,
          },
        ],
      }),
    );
    const { html } = await ridesPage(session);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=&quot;1&quot;&gt;");
  });
});

describe("page helpers", () => {
  it("picks a supported locale", () => {
    expect(pickLocale("auto", "de-DE,de;q=0.9")).toBe("de-DE");
    expect(pickLocale(null, undefined)).toBe("en-US");
    expect(pickLocale("fr", "en-US")).toBe("fr");
    expect(pickLocale(null, "not a locale!!, en-GB")).toBe("en-GB");
  });

  it("formats minor units per currency", () => {
    expect(formatMoney(1234, "usd", "en-US")).toBe("$12.34");
    expect(formatMoney(1234, "jpy", "en-US")).toBe("¥1,234");
  });

  it("darkens brand colours until white text on them is readable (WCAG AA)", () => {
    expect(readable("#4f46e5", "#ffffff")).toBe("#4f46e5");
    const emerald = readable("#059669", "#ffffff");
    expect(contrast(emerald, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });
});
