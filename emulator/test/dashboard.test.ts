import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { ACCOUNTS, client, json, KEYS, rawRequest, startEmulator } from "./helpers.js";

const PLATFORM_ACCOUNT_SECRET = "whsec_platform_account_emulator_0001";
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

/** A webhook receiver standing in for the app: it keeps each request's headers and body. */
async function receiver(): Promise<{
  url: string;
  received: Array<{ signature: string; body: string }>;
  close: () => Promise<void>;
}> {
  const received: Array<{ signature: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        signature: String(req.headers["stripe-signature"]),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function page(emu: Emulator, pathname: string, headers: Record<string, string> = {}) {
  const res = await rawRequest(emu, "GET", pathname, headers);
  return res;
}

describe("the dashboard's pages", () => {
  let emu: Emulator;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let customer: Stripe.Customer;

  beforeAll(async () => {
    hook = await receiver();
    emu = await startEmulator({ appUrl: hook.url });
    const rides = client(emu, KEYS.rides);
    customer = await rides.customers.create({ email: "jenny@example.com", name: HOSTILE });
    await rides.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await emu.deliverer.deliverNow();
  });
  afterAll(async () => {
    await emu.close();
    await hook.close();
  });

  it("serve HTML under a strict Content-Security-Policy, with no inline script", async () => {
    for (const pathname of [
      "/_emulator/dashboard",
      "/_emulator/dashboard/customers?q=jenny%40example.com",
      `/_emulator/dashboard/customers/${customer.id}`,
      `/_emulator/dashboard/accounts/${ACCOUNTS.rides}?type=customers`,
      "/_emulator/dashboard/webhooks",
      "/_emulator/dashboard/requests",
      "/_emulator/dashboard/faults",
    ]) {
      const res = await page(emu, pathname);
      expect(res.status, pathname).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      // Every script is a file of the emulator's own.
      for (const tag of res.text.match(/<script\b[^>]*>/g) ?? []) {
        expect(tag).toMatch(/src="\/_emulator\/dashboard\/assets\/dashboard\.js\?v=[0-9a-f]+"/);
      }
      expect(res.text).not.toMatch(/<[^>]*\s(style|on[a-z]+)=/i);
    }
  });

  it("render a customer's hostile name and email as text", async () => {
    const rides = client(emu, KEYS.rides);
    const tricky = await rides.customers.create({ email: `"><b>bold</b>@example.com`, name: HOSTILE });
    for (const pathname of [
      `/_emulator/dashboard/customers/${tricky.id}`,
      `/_emulator/dashboard/customers?q=${encodeURIComponent(`"><b>bold</b>@example.com`)}`,
      `/_emulator/dashboard/accounts/${ACCOUNTS.rides}?type=customers`,
      `/_emulator/dashboard/requests`,
    ]) {
      const { text } = await page(emu, pathname);
      expect(text, pathname).not.toContain("<script>alert");
      expect(text, pathname).not.toContain("<img src=x");
      expect(text, pathname).not.toContain("<b>bold</b>");
    }
    const { text } = await page(emu, `/_emulator/dashboard/customers/${tricky.id}`);
    expect(text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("show the world with its keys to the emulator's own origin and to a navigation, shortened otherwise", async () => {
    const own = await page(emu, "/_emulator/dashboard", { "sec-fetch-site": "same-origin" });
    expect(own.text).toContain("sk_test_rides_emulator_0001");
    expect(own.text).toContain("whsec_org_rocketgroup_emulator_0001");
    const linked = await page(emu, "/_emulator/dashboard", {
      "sec-fetch-site": "same-site",
      "sec-fetch-mode": "navigate",
      "sec-fetch-dest": "document",
    });
    expect(linked.text).toContain("sk_test_rides_emulator_0001");
    // The app's page reading it with fetch (the guard lets the app's origin through).
    const fetched = await page(emu, "/_emulator/dashboard", {
      origin: hook.url,
      "sec-fetch-site": "same-site",
      "sec-fetch-mode": "cors",
      "sec-fetch-dest": "empty",
    });
    expect(fetched.status).toBe(200);
    expect(fetched.text).not.toContain("sk_test_rides_emulator_0001");
    expect(fetched.text).not.toContain("whsec_org_rocketgroup_emulator_0001");
    expect(fetched.text).toContain("Keys are shortened");
  });

  it("refuse another origin, as the control API does", async () => {
    for (const pathname of [
      "/_emulator/dashboard",
      "/_emulator/requests",
      `/_emulator/customers/${customer.id}/across`,
    ]) {
      const res = await page(emu, pathname, { origin: "https://evil.example" });
      expect(res.status, pathname).toBe(403);
    }
    const form = await rawRequest(
      emu,
      "POST",
      "/_emulator/webhooks/deliveries/1/resend",
      { "content-type": "application/x-www-form-urlencoded" },
      "",
    );
    expect(form.status).toBe(415);
  });

  it("answer 404 pages for what does not exist", async () => {
    expect((await page(emu, "/_emulator/dashboard/accounts/acct_nope")).status).toBe(404);
    expect((await page(emu, "/_emulator/dashboard/customers/cus_nope")).status).toBe(404);
    expect((await page(emu, "/_emulator/dashboard/webhooks/999999")).status).toBe(404);
    expect((await page(emu, "/_emulator/dashboard/requests/999999")).status).toBe(404);
    expect((await json(emu, "GET", "/_emulator/customers/cus_nope/across")).status).toBe(404);
    expect(
      (await json(emu, "GET", "/_emulator/objects?account=acct_1RocketRides00001&type=nope")).status,
    ).toBe(400);
  });
});

describe("one customer across accounts", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it("shows every account the id lives in, shared and per-account fields, and the cards each can charge", async () => {
    const rides = client(emu, KEYS.rides);
    const deliveries = client(emu, KEYS.deliveries);
    const cus = await rides.customers.create({ email: "olive@example.com", name: "Olive" });
    const card = await rides.paymentMethods.attach("pm_card_visa", { customer: cus.id });
    await deliveries.customers.update(cus.id, { balance: -500 });
    const bank = await deliveries.paymentMethods.create({
      type: "us_bank_account",
      us_bank_account: {
        routing_number: "110000000",
        account_number: "000123456789",
        account_holder_type: "individual",
      },
      billing_details: { name: "Olive" },
    });
    await deliveries.paymentMethods.attach(bank.id, { customer: cus.id });

    const { status, body } = await json(emu, "GET", `/_emulator/customers/${cus.id}/across`);
    expect(status).toBe(200);
    const instances = body["instances"] as Array<{
      account: string;
      customer: Record<string, unknown>;
      payment_methods: Array<{ id: string; stored_in: string; shared: boolean }>;
    }>;
    expect(instances.map((i) => i.account)).toEqual([ACCOUNTS.rides, ACCOUNTS.deliveries]);
    expect(instances.map((i) => i.customer["email"])).toEqual(["olive@example.com", "olive@example.com"]);
    expect(body["shared_fields"]).toContain("email");
    expect(body["per_account_fields"]).toContain("balance");
    expect(body["differing_fields"]).toEqual(["balance"]);
    const [atRides, atDeliveries] = instances;
    expect(atRides?.payment_methods).toEqual([
      expect.objectContaining({ id: card.id, stored_in: ACCOUNTS.rides, shared: false }),
    ]);
    // Deliveries can charge the card Rides saved, and its own bank account; Rides cannot charge that.
    expect(atDeliveries?.payment_methods).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: card.id, stored_in: ACCOUNTS.rides, shared: true }),
        expect.objectContaining({ id: bank.id, stored_in: ACCOUNTS.deliveries, shared: false }),
      ]),
    );
    expect(atRides?.payment_methods.some((m) => m.id === bank.id)).toBe(false);

    const html = (await rawRequest(emu, "GET", `/_emulator/dashboard/customers/${cus.id}`)).text;
    expect(html).toContain("Exists in 2 accounts");
    expect(html).toContain("Rocket Deliveries can charge");
    expect(html).toContain("(shared by the sharing group)");

    const found = await json(emu, "GET", "/_emulator/customers?q=olive%40example.com");
    expect((found.body["data"] as Array<{ account: string }>).map((h) => h.account)).toEqual([
      ACCOUNTS.rides,
      ACCOUNTS.deliveries,
    ]);
  });

  it("lists an account's objects newest first, by id, by a customer's email, a page at a time", async () => {
    const rides = client(emu, KEYS.rides);
    const cus = await rides.customers.create({ email: "pat@example.com" });
    const first = await rides.paymentIntents.create({ amount: 1000, currency: "usd", customer: cus.id });
    const second = await rides.paymentIntents.create({ amount: 2000, currency: "usd", customer: cus.id });
    await rides.paymentIntents.create({ amount: 3000, currency: "usd" });
    const byEmail = await json(
      emu,
      "GET",
      `/_emulator/objects?account=${ACCOUNTS.rides}&type=payment_intents&q=pat%40example.com`,
    );
    expect((byEmail.body["data"] as Array<{ id: string }>).map((o) => o.id)).toEqual([second.id, first.id]);
    const byId = await json(
      emu,
      "GET",
      `/_emulator/objects?account=${ACCOUNTS.rides}&type=payment_intents&q=${first.id}`,
    );
    expect((byId.body["data"] as Array<{ id: string }>).map((o) => o.id)).toEqual([first.id]);
    const pageOne = await json(
      emu,
      "GET",
      `/_emulator/objects?account=${ACCOUNTS.rides}&type=payment_intents&limit=2`,
    );
    expect(pageOne.body["has_more"]).toBe(true);
    const last = (pageOne.body["data"] as Array<{ id: string }>).at(-1)?.id ?? "";
    const pageTwo = await json(
      emu,
      "GET",
      `/_emulator/objects?account=${ACCOUNTS.rides}&type=payment_intents&limit=2&before=${last}`,
    );
    expect((pageTwo.body["data"] as Array<{ id: string }>)[0]?.id).toBe(first.id);
    // Stored objects' emulator-only state never shows.
    const events = await json(
      emu,
      "GET",
      `/_emulator/objects?account=${ACCOUNTS.rides}&type=events&q=payment_intent.created`,
    );
    expect((events.body["data"] as unknown[]).length).toBe(3);
    expect(JSON.stringify(events.body)).not.toContain('"__');
  });
});

describe("webhook deliveries", () => {
  it("show the signed request and resend it on demand", async () => {
    const hook = await receiver();
    const emu = await startEmulator({ appUrl: hook.url });
    try {
      // The platform's own endpoint: one event, one delivery.
      await client(emu, KEYS.platform).customers.create({ email: "resend@example.com" });
      await emu.deliverer.deliverNow();
      expect(hook.received).toHaveLength(1);
      const list = emu.deliverer.attempts(10);
      const id = list[0]?.delivery_id ?? 0;

      const detail = await json(emu, "GET", `/_emulator/webhooks/deliveries/${id}`);
      const signed = detail.body["signed_request"] as { headers: Record<string, string>; body: string };
      // What the dashboard shows is exactly what was sent.
      expect(signed.headers["stripe-signature"]).toBe(hook.received[0]?.signature);
      expect(signed.body).toBe(hook.received[0]?.body);

      const resent = await json(emu, "POST", `/_emulator/webhooks/deliveries/${id}/resend`, {});
      expect(resent.status).toBe(200);
      expect(resent.body).toMatchObject({ delivery_id: id, ok: true, status: 200 });
      expect(hook.received).toHaveLength(2);
      const again = hook.received[1];
      const event = Stripe.webhooks.constructEvent(
        again?.body ?? "",
        again?.signature ?? "",
        PLATFORM_ACCOUNT_SECRET,
      );
      expect(event.type).toBe("customer.created");

      const html = (await rawRequest(emu, "GET", `/_emulator/dashboard/webhooks/${id}`)).text;
      expect(html).toContain("stripe-signature");
      expect(html).toContain("Resend now");
      expect(html).toMatch(
        /Resends of delivery \d+\s*<\/caption>[\s\S]*?<td>200<\/td>\s*<td>delivered<\/td>/,
      );
      expect((await json(emu, "POST", "/_emulator/webhooks/deliveries/999999/resend", {})).status).toBe(404);
    } finally {
      await emu.close();
      await hook.close();
    }
  });
});

describe("the request log", () => {
  it("records each API request: account, idempotency and replay, status, duration, request id; never the key", async () => {
    const emu = await startEmulator();
    try {
      const org = client(emu, KEYS.org);
      const asDeliveries = { idempotencyKey: "log-key-1", stripeContext: ACCOUNTS.deliveries };
      await org.customers.create({ email: "log@example.com" }, asDeliveries);
      await org.customers.create({ email: "log@example.com" }, asDeliveries);
      const platform = client(emu, KEYS.platform);
      await platform.customers.list({ limit: 1 }, { stripeAccount: ACCOUNTS.ridesConnected });
      await expect(client(emu, KEYS.rides).customers.retrieve("cus_missing")).rejects.toThrow();

      const { body } = await json(emu, "GET", "/_emulator/requests");
      const data = body["data"] as Array<Record<string, unknown>>;
      expect(data.map((e) => [e["method"], e["status"], e["account"], e["account_from"]])).toEqual([
        ["GET", 404, ACCOUNTS.rides, "key"],
        ["GET", 200, ACCOUNTS.ridesConnected, "stripe-account"],
        ["POST", 200, ACCOUNTS.deliveries, "stripe-context"],
        ["POST", 200, ACCOUNTS.deliveries, "stripe-context"],
      ]);
      expect(data.map((e) => e["replayed"])).toEqual([false, false, true, false]);
      expect(data[2]?.["idempotency_key"]).toBe("log-key-1");
      for (const e of data) expect(String(e["request_id"])).toMatch(/^req_/);

      const n = Number(data[3]?.["n"]);
      const detail = await json(emu, "GET", `/_emulator/requests/${n}`);
      expect(detail.body["request_body"]).toBe("email=log%40example.com");
      expect(JSON.parse(String(detail.body["response_body"]))).toMatchObject({ email: "log@example.com" });
      const everything = JSON.stringify(emu.requestLog.entries());
      for (const key of Object.values(KEYS)) expect(everything).not.toContain(key);
    } finally {
      await emu.close();
    }
  });

  it("shows injected latency in the request's duration", async () => {
    const emu = await startEmulator();
    try {
      await json(emu, "POST", "/_emulator/faults", {
        rules: [{ path: "/v1/customers", delayMs: 250, rate: 1, count: 1 }],
      });
      await client(emu, KEYS.rides).customers.list();
      const { body } = await json(emu, "GET", "/_emulator/requests?q=%2Fv1%2Fcustomers");
      const [entry] = body["data"] as Array<{ duration_ms: number; status: number }>;
      expect(entry?.status).toBe(200);
      expect(entry?.duration_ms).toBeGreaterThanOrEqual(240);
    } finally {
      await emu.close();
    }
  });

  it("keeps only the newest requests and cuts long bodies", async () => {
    const emu = await startEmulator({ requestLog: { capacity: 3, bodyCap: 100 } });
    try {
      const rides = client(emu, KEYS.rides);
      for (let i = 0; i < 5; i++)
        await rides.customers.create({ description: `customer ${i} ${"x".repeat(200)}` });
      const entries = emu.requestLog.entries();
      expect(entries).toHaveLength(3);
      expect(entries.map((e) => e.n)).toEqual([5, 4, 3]);
      for (const e of entries) {
        expect(e.requestBody.length).toBeLessThanOrEqual(100);
        expect(e.responseBody.length).toBeLessThanOrEqual(100);
        expect(e.truncated).toBe(true);
      }
    } finally {
      await emu.close();
    }
  });

  it("keeps a capped file beside the data that outlives a restart, and a reset empties it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emulator-log-"));
    const dataFile = path.join(dir, "emulator.sqlite");
    const logFile = `${dataFile}.requests.jsonl`;
    try {
      let emu = await startEmulator({ dataFile, requestLog: { fileCap: 4096 } });
      const rides = client(emu, KEYS.rides);
      for (let i = 0; i < 20; i++) await rides.customers.create({ email: `disk${i}@example.com` });
      await emu.close();
      expect(statSync(logFile).size).toBeLessThanOrEqual(4096);
      expect(existsSync(`${logFile}.1`)).toBe(true);
      expect(readFileSync(logFile, "utf8")).not.toContain(KEYS.rides);

      emu = await startEmulator({ dataFile, requestLog: { fileCap: 4096 } });
      const before = emu.requestLog.entries();
      expect(before.length).toBeGreaterThan(0);
      expect(before[0]?.requestBody).toBe("email=disk19%40example.com");
      await json(emu, "POST", "/_emulator/reset", {});
      expect(emu.requestLog.entries()).toHaveLength(0);
      expect(statSync(logFile).size).toBe(0);
      await emu.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
