import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Emulator } from "../src/index.js";
import { createEmulator, signatureHeader } from "../src/index.js";
import { ACCOUNTS, client, json, KEYS, startEmulator } from "./helpers.js";

const ORG_SECRET = "whsec_org_rocketgroup_emulator_0001";
const PLATFORM_SECRET = "whsec_platform_emulator_0001";

interface Received {
  path: string;
  body: string;
  signature: string;
}

/** A stand-in for the app's webhook route; `respond` decides each status code. */
class Receiver {
  readonly received: Received[] = [];
  respond: (n: number) => number = () => 200;
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  server: Server;
  url = "";

  constructor() {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const status = this.respond(this.received.length);
        if (status < 300)
          this.received.push({
            path: req.url ?? "",
            body: Buffer.concat(chunks).toString("utf8"),
            signature: String(req.headers["stripe-signature"]),
          });
        res.statusCode = status;
        res.end("{}");
        this.waiters = this.waiters.filter((w) =>
          this.received.length >= w.n ? (w.resolve(), false) : true,
        );
      });
    });
  }
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  waitFor(n: number): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
  events(): Stripe.Event[] {
    return this.received.map((r) => JSON.parse(r.body) as Stripe.Event);
  }
  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const verifier = new Stripe("sk_test_unused");

describe("signed webhook delivery", () => {
  let receiver: Receiver;
  let emu: Emulator;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.listen();
    emu = await startEmulator({ appUrl: receiver.url, delivery: { baseBackoffMs: 30, maxBackoffMs: 200 } });
  });
  afterAll(async () => {
    await emu.close();
    await receiver.close();
  });
  afterEach(async () => {
    await emu.reset();
    receiver.received.length = 0;
    receiver.respond = () => 200;
  });

  it("delivers every org account's event to the org endpoint, verifiable with constructEvent", async () => {
    const rides = client(emu, KEYS.rides);
    const c = await rides.customers.create({ email: "hook@example.com" });
    await receiver.waitFor(2);
    expect(receiver.received.every((r) => r.path === "/api/webhooks/stripe")).toBe(true);
    const events = receiver.received.map((r) =>
      verifier.webhooks.constructEvent(r.body, r.signature, ORG_SECRET),
    );
    expect(events.map((e) => e.type)).toEqual(["customer.created", "customer.created"]);
    expect(new Set(events.map((e) => e.context))).toEqual(new Set([ACCOUNTS.rides, ACCOUNTS.deliveries]));
    expect(events.every((e) => (e.data.object as Stripe.Customer).id === c.id)).toBe(true);
    expect(() =>
      verifier.webhooks.constructEvent(
        receiver.received[0]?.body ?? "",
        receiver.received[0]?.signature ?? "",
        "whsec_wrong",
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    // Our signer matches the SDK's test header generator byte for byte.
    const t = 1_700_000_000;
    expect(signatureHeader("{}", ORG_SECRET, t)).toBe(
      verifier.webhooks.generateTestHeaderString({ payload: "{}", secret: ORG_SECRET, timestamp: t }),
    );
    await expect
      .poll(
        async () =>
          (await rides.events.retrieve(events.find((e) => e.context === ACCOUNTS.rides)?.id ?? ""))
            .pending_webhooks,
      )
      .toBe(0);
  });

  it("sends each event, stores it and answers the create exactly as JSON.stringify renders them", async () => {
    const pretty = (text: string): string => JSON.stringify(JSON.parse(text), null, 2);
    const form = new URLSearchParams({
      email: "line@example.com",
      name: 'two\nlines, "quoted" \\ and \u00e9\u2028',
      "metadata[k\n]": "v\n  ",
      balance: "5",
    }).toString();
    const res = await fetch(`${emu.url}/v1/customers`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEYS.rides}`, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toBe(`${pretty(text)}\n`);
    const created = JSON.parse(text) as Stripe.Customer;
    expect(created.name).toBe('two\nlines, "quoted" \\ and \u00e9\u2028');
    const rides = client(emu, KEYS.rides);
    await rides.customers.update(created.id, { name: "renamed", metadata: { k: "" } });
    await receiver.waitFor(4);
    for (const r of receiver.received) {
      expect(r.body).toBe(pretty(r.body));
      verifier.webhooks.constructEvent(r.body, r.signature, ORG_SECRET);
    }
    const events = receiver.events();
    const own = events.find((e) => e.type === "customer.created" && e.context === ACCOUNTS.rides);
    const other = events.find((e) => e.type === "customer.created" && e.context === ACCOUNTS.deliveries);
    // The balance is not shared: the other account's instance is rendered on its own.
    expect(own?.data.object).toEqual(created);
    expect((other?.data.object as Stripe.Customer | undefined)?.balance).toBe(0);
    const updated = events.find((e) => e.type === "customer.updated" && e.context === ACCOUNTS.rides);
    expect(updated?.data.previous_attributes).toMatchObject({ name: created.name });
    // What is stored is what was sent.
    const stored = await rides.events.retrieve(own?.id ?? "");
    expect({ ...stored, pending_webhooks: 0 }).toEqual({ ...own, pending_webhooks: 0 });
  });

  it("sends connected-account events to the platform's Connect endpoint with account set", async () => {
    const platform = client(emu, KEYS.platform);
    await platform.customers.create(
      { email: "c@example.com" },
      { stripeAccount: ACCOUNTS.deliveriesConnected },
    );
    await receiver.waitFor(1);
    const evt = verifier.webhooks.constructEvent(
      receiver.received[0]?.body ?? "",
      receiver.received[0]?.signature ?? "",
      PLATFORM_SECRET,
    );
    expect(evt).toMatchObject({
      type: "customer.created",
      account: ACCOUNTS.deliveriesConnected,
      context: ACCOUNTS.deliveriesConnected,
    });
  });

  it("retries non-2xx responses with back-off until success", async () => {
    let calls = 0;
    receiver.respond = () => (++calls <= 2 ? 500 : 200);
    await client(emu, KEYS.platform).customers.create(
      { email: "r@example.com" },
      { stripeAccount: ACCOUNTS.ridesConnected },
    );
    await receiver.waitFor(1);
    expect(calls).toBe(3);
    const log = await json(emu, "GET", "/_emulator/webhooks/deliveries");
    const attempts = (log.body["data"] as Array<Record<string, unknown>>).filter(
      (a) => a["endpoint"] === "we_platform_connect_0001",
    );
    expect(attempts.map((a) => [a["attempt"], a["status"], a["ok"]])).toEqual([
      [3, 200, true],
      [2, 500, false],
      [1, 500, false],
    ]);
  });

  it("delivers API-created endpoints with their own secret, shown only at creation", async () => {
    const platform = client(emu, KEYS.platform);
    const we = await platform.webhookEndpoints.create({
      url: `${receiver.url}/own`,
      enabled_events: ["customer.updated"],
    });
    expect(we.secret).toMatch(/^whsec_/);
    expect((await platform.webhookEndpoints.retrieve(we.id)).secret).toBeUndefined();
    expect((await platform.webhookEndpoints.list()).data.map((w) => w.id)).toEqual([we.id]);
    const c = await platform.customers.create({ email: "own@example.com" });
    await platform.customers.update(c.id, { name: "Own" });
    await vi.waitFor(() => expect(receiver.received.some((r) => r.path === "/own")).toBe(true));
    const hit = receiver.received.find((r) => r.path === "/own");
    expect(
      verifier.webhooks.constructEvent(hit?.body ?? "", hit?.signature ?? "", we.secret ?? "").type,
    ).toBe("customer.updated");
    const upd = await platform.webhookEndpoints.update(we.id, { disabled: true });
    expect(upd.status).toBe("disabled");
    expect((await platform.webhookEndpoints.del(we.id)).deleted).toBe(true);
  });
});

describe("delivery persistence", () => {
  it("resumes pending deliveries after a restart", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-wh-"));
    const receiver = new Receiver();
    await receiver.listen();
    try {
      const dataFile = path.join(dir, "wh.sqlite");
      receiver.respond = () => 500;
      const first = await createEmulator({
        dataFile,
        port: 0,
        appUrl: receiver.url,
        delivery: { baseBackoffMs: 200 },
      });
      await client(first, KEYS.platform).customers.create(
        { email: "later@example.com" },
        { stripeAccount: ACCOUNTS.ridesConnected },
      );
      await expect.poll(() => first.deliverer.attempts().length).toBeGreaterThan(0);
      await first.close();
      expect(receiver.received).toHaveLength(0);

      receiver.respond = () => 200;
      const second = await createEmulator({
        dataFile,
        port: 0,
        appUrl: receiver.url,
        delivery: { baseBackoffMs: 200 },
      });
      try {
        await receiver.waitFor(1);
        const evt = verifier.webhooks.constructEvent(
          receiver.received[0]?.body ?? "",
          receiver.received[0]?.signature ?? "",
          PLATFORM_SECRET,
        );
        expect(evt).toMatchObject({ type: "customer.created", account: ACCOUNTS.ridesConnected });
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("deliver-now control route", () => {
  it("delivers pending events immediately and reports outcomes", async () => {
    const receiver = new Receiver();
    await receiver.listen();
    // A long back-off keeps failed deliveries pending until we ask.
    const emu = await startEmulator({ appUrl: receiver.url, delivery: { baseBackoffMs: 60_000 } });
    try {
      receiver.respond = () => 503;
      await client(emu, KEYS.rides).customers.create({ email: "n@example.com" });
      await expect
        .poll(
          async () =>
            ((await json(emu, "GET", "/_emulator/webhooks/deliveries")).body["data"] as unknown[]).length,
        )
        .toBe(2);
      receiver.respond = () => 200;
      const res = await json(emu, "POST", "/_emulator/webhooks/deliver");
      expect(res.body).toMatchObject({ delivered: 2, failed: 0 });
      expect(receiver.received).toHaveLength(2);
    } finally {
      await emu.close();
      await receiver.close();
    }
  });
});

describe("events API", () => {
  it("filters by type, wildcard and types[] and retrieves by id", async () => {
    const emu = await startEmulator();
    try {
      const rides = client(emu, KEYS.rides);
      const c = await rides.customers.create({ email: "e@example.com" });
      await rides.customers.update(c.id, { name: "E" });
      await rides.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
      });
      const wildcard = await rides.events.list({ type: "customer.*" });
      expect(wildcard.data.map((e) => e.type)).toEqual(["customer.updated", "customer.created"]);
      const several = await rides.events.list({ types: ["charge.succeeded", "customer.created"] });
      expect(several.data.map((e) => e.type).sort()).toEqual(["charge.succeeded", "customer.created"]);
      const one = await rides.events.retrieve(several.data[0]?.id ?? "");
      expect(one).toMatchObject({
        object: "event",
        api_version: "2026-10-28.endive",
        livemode: false,
        context: ACCOUNTS.rides,
      });
      expect(one.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
      await expect(rides.events.retrieve("evt_missing")).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await emu.close();
    }
  });
});
