import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { client, json, KEYS, startEmulator } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-"));
});
// Every CLI this file spawns is killed at the end, even when a test fails half-way.
const spawned: ChildProcess[] = [];
afterAll(() => {
  for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("keeps objects, events and idempotency records across a restart", async () => {
    const dataFile = path.join(dir, "restart.sqlite");
    const first = await createEmulator({ dataFile, port: 0 });
    const rides = client(first, KEYS.rides);
    const c = await rides.customers.create({ email: "keep@example.com" }, { idempotencyKey: "persist-1" });
    const s = await rides.checkout.sessions.create({
      ui_mode: "embedded_page",
      mode: "payment",
      return_url: "https://x.test/r?session_id={CHECKOUT_SESSION_ID}",
      customer: c.id,
      line_items: [
        { price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "Thing" } }, quantity: 1 },
      ],
    });
    await first.close();

    const second = await createEmulator({ dataFile, port: 0 });
    try {
      const again = client(second, KEYS.rides);
      expect((await again.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({
        email: "keep@example.com",
      });
      expect((await client(second, KEYS.deliveries).customers.retrieve(c.id)).id).toBe(c.id);
      expect((await again.checkout.sessions.retrieve(s.id)).client_secret).toBe(s.client_secret);
      const replay = await again.customers.create(
        { email: "keep@example.com" },
        { idempotencyKey: "persist-1" },
      );
      expect(replay.id).toBe(c.id);
      expect((await again.events.list({ type: "customer.created" })).data).toHaveLength(1);
      // New objects sort after old ones: the sequence continues.
      const newer = await again.customers.create({ email: "new@example.com" });
      expect((await again.customers.list({ limit: 1 })).data[0]?.id).toBe(newer.id);
    } finally {
      await second.close();
    }
  });

  it("rolls back only the failing request of a group commit", async () => {
    const emu = await startEmulator();
    try {
      const rides = client(emu, KEYS.rides);
      // payment_method is resolved after the customer rows are written, so this one fails late.
      const results = await Promise.allSettled([
        rides.customers.create({ email: "ok1@example.com" }),
        rides.customers.create({ email: "bad@example.com", payment_method: "pm_missing" }),
        rides.customers.create({ email: "ok2@example.com" }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      const emails = (await rides.customers.list()).data.map((c) => c.email).sort();
      expect(emails).toEqual(["ok1@example.com", "ok2@example.com"]);
      const created = await rides.events.list({ type: "customer.created" });
      expect(created.data).toHaveLength(2);
    } finally {
      await emu.close();
    }
  });

  it("reset returns to the configured world with empty data", async () => {
    const emu = await startEmulator();
    try {
      const rides = client(emu, KEYS.rides);
      await rides.customers.create({ email: "gone@example.com" });
      const res = await json(emu, "POST", "/_emulator/reset");
      expect(res.body).toEqual({ ok: true });
      expect((await rides.customers.list()).data).toHaveLength(0);
      const world = await json(emu, "GET", "/_emulator/world");
      const accounts = world.body["accounts"] as Array<Record<string, unknown>>;
      expect(accounts.map((a) => a["id"])).toContain("acct_1RocketRides00001");
      const orgs = world.body["organizations"] as Array<Record<string, unknown>>;
      const endpoints = orgs[0]?.["webhook_endpoints"] as Array<Record<string, unknown>>;
      expect(endpoints[0]?.["url"]).toBe("http://127.0.0.1:9/api/webhooks/stripe");
      expect((await json(emu, "GET", "/_emulator/health")).body["ok"]).toBe(true);
    } finally {
      await emu.close();
    }
  });
});

describe("fault injection", () => {
  it("answers matching requests with 500, 429 or a delay, for `count` times", async () => {
    const emu = await startEmulator();
    try {
      const rides = client(emu, KEYS.rides);
      const set = await json(emu, "POST", "/_emulator/faults", {
        rules: [{ path: "/v1/customers", method: "POST", status: 500, rate: 1, count: 1 }],
      });
      expect(set.status).toBe(200);
      await expect(rides.customers.create({ email: "f@example.com" })).rejects.toMatchObject({
        type: "StripeAPIError",
        statusCode: 500,
      });
      expect((await rides.customers.create({ email: "f@example.com" })).id).toMatch(/^cus_/);

      await json(emu, "POST", "/_emulator/faults", {
        rules: [{ path: "/v1/customers*", status: 429, rate: 1 }],
      });
      await expect(rides.customers.list()).rejects.toMatchObject({
        type: "StripeRateLimitError",
        statusCode: 429,
      });
      await json(emu, "DELETE", "/_emulator/faults");
      expect((await rides.customers.list()).data).toHaveLength(1);

      await json(emu, "POST", "/_emulator/faults", {
        rules: [{ path: "^/v1/customers$", method: "GET", delayMs: 150, rate: 1 }],
      });
      const t0 = Date.now();
      await rides.customers.list();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

      // With SDK retries and idempotency keys, a transient 500 never duplicates a create.
      await json(emu, "POST", "/_emulator/faults", {
        rules: [{ path: "/v1/customers", method: "POST", status: 500, rate: 1, count: 1 }],
      });
      const retrying = client(emu, KEYS.rides, { maxNetworkRetries: 2 });
      await retrying.customers.create({ email: "retry@example.com" });
      expect((await rides.customers.list({ email: "retry@example.com" })).data).toHaveLength(1);

      const bad = await json(emu, "POST", "/_emulator/faults", { rules: [{ path: "/v1/x", rate: 2 }] });
      expect(bad.status).toBe(400);
    } finally {
      await emu.close();
    }
  });
});

describe("fault injection for one account", () => {
  it("fails only the requests acting in the account a rule names, however they name it", async () => {
    const emu = await startEmulator();
    try {
      const rides = client(emu, KEYS.rides);
      const deliveries = client(emu, KEYS.deliveries);
      const ridesByOrg = client(emu, KEYS.org, { stripeContext: "acct_1RocketRides00001" });
      const ridesConnected = client(emu, KEYS.platform, { stripeAccount: "acct_1RocketRidesCnct01" });
      const platform = client(emu, KEYS.platform);
      await json(emu, "POST", "/_emulator/faults", {
        rules: [
          { path: "/v1/customers", status: 500, rate: 1, account: "acct_1RocketRides00001" },
          { path: "/v1/customers", status: 500, rate: 1, account: "acct_1RocketRidesCnct01" },
        ],
      });
      const refused = { type: "StripeAPIError", statusCode: 500 };
      await expect(rides.customers.list()).rejects.toMatchObject(refused);
      await expect(ridesByOrg.customers.list()).rejects.toMatchObject(refused);
      await expect(ridesConnected.customers.list()).rejects.toMatchObject(refused);
      expect((await deliveries.customers.list()).object).toBe("list");
      expect((await platform.customers.list()).object).toBe("list");
    } finally {
      await emu.close();
    }
  });
});

function startCli(dataFile: string): Promise<{ child: ChildProcess; url: string }> {
  // The package's bin, run by node itself: it loads tsx in-process, so SIGKILL reaches the
  // server (the tsx binary would fork a child that SIGKILL orphans).
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "../bin/stripe-emulator.js")], {
    env: {
      ...process.env,
      STRIPE_EMULATOR_PORT: "0",
      STRIPE_EMULATOR_DATA: dataFile,
      APP_URL: "http://127.0.0.1:9",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  spawned.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited early (${String(code)}): ${out}`)));
  });
}

describe("kill -9", () => {
  it("loses nothing that was acknowledged and reopens cleanly", async () => {
    const dataFile = path.join(dir, "kill.sqlite");
    const { child, url } = await startCli(dataFile);
    const port = Number(new URL(url).port);
    const s = new Stripe(KEYS.rides, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
    const acknowledged: string[] = [];
    for (let i = 0; i < 30; i++)
      acknowledged.push((await s.customers.create({ email: `k${i}@example.com` })).id);
    // Some requests in flight while the process dies.
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      s.customers.create({ email: `f${i}@example.com` }).then(
        (c) => acknowledged.push(c.id),
        () => undefined,
      ),
    );
    child.kill("SIGKILL");
    await Promise.all(inFlight);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once("exit", r));

    const again = await startCli(dataFile);
    try {
      const s2 = new Stripe(KEYS.rides, {
        host: "127.0.0.1",
        port: Number(new URL(again.url).port),
        protocol: "http",
      });
      const ids: string[] = [];
      for await (const c of s2.customers.list({ limit: 100 })) ids.push(c.id);
      for (const id of acknowledged) expect(ids).toContain(id);
    } finally {
      again.child.kill("SIGKILL");
    }
  }, 30_000);
});
