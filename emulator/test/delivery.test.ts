import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { client, json, KEYS, startEmulator } from "./helpers.js";

const ORG_SECRET = "whsec_org_rocketgroup_emulator_0001";
const verifier = new Stripe("sk_test_unused");

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A webhook endpoint whose answers each test shapes; it keeps every verified event it received. */
class Endpoint {
  readonly events: Stripe.Event[] = [];
  readonly sockets = new Set<Socket>();
  handle: Handler = (_req, res) => res.end("{}");
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  private readonly server: Server;
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        res.on("finish", () => {
          if (res.statusCode < 300) {
            this.events.push(
              verifier.webhooks.constructEvent(body, String(req.headers["stripe-signature"]), ORG_SECRET),
            );
            this.waiters = this.waiters.filter((w) =>
              this.events.length >= w.n ? (w.resolve(), false) : true,
            );
          }
        });
        this.handle(req, res, body);
      });
    });
    this.server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  waitFor(n: number): Promise<void> {
    if (this.events.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
  ids(): string[] {
    return this.events.map((e) => e.id);
  }
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe("webhook delivery to differently behaved endpoints", () => {
  let endpoint: Endpoint;
  let emu: Awaited<ReturnType<typeof startEmulator>>;

  beforeAll(async () => {
    endpoint = new Endpoint();
    await endpoint.listen();
    emu = await startEmulator({
      appUrl: endpoint.url,
      delivery: { baseBackoffMs: 20, maxBackoffMs: 50, timeoutMs: 300 },
    });
  });
  afterAll(async () => {
    await emu.close();
    await endpoint.close();
  });
  afterEach(async () => {
    await emu.reset();
    endpoint.events.length = 0;
    endpoint.handle = (_req, res) => res.end("{}");
  });

  async function createCustomers(n: number): Promise<string[]> {
    const rides = client(emu, KEYS.rides);
    const created = await Promise.all(
      Array.from({ length: n }, (_, i) => rides.customers.create({ email: `burst${i}@example.com` })),
    );
    return created.map((c) => c.id);
  }

  async function attempts(): Promise<Array<Record<string, unknown>>> {
    return (await json(emu, "GET", "/_emulator/webhooks/deliveries?limit=1000")).body["data"] as Array<
      Record<string, unknown>
    >;
  }

  it("delivers a burst once each, signed, to an endpoint that closes every connection after answering", async () => {
    endpoint.handle = (_req, res) => {
      res.setHeader("connection", "close");
      res.end("{}");
    };
    const customers = await createCustomers(30);
    await endpoint.waitFor(60);
    expect(new Set(endpoint.ids()).size).toBe(60);
    expect(new Set(endpoint.events.map((e) => (e.data.object as Stripe.Customer).id))).toEqual(
      new Set(customers),
    );
    // A closed connection is not a failed delivery: nothing needed a second attempt.
    expect((await attempts()).every((a) => a["attempt"] === 1 && a["ok"] === true)).toBe(true);
  });

  it("reads chunked, empty and 204 answers and keeps delivering on the same connections", async () => {
    let n = 0;
    endpoint.handle = (_req, res) => {
      const kind = n++ % 3;
      if (kind === 0) {
        res.write("{");
        res.end('"received": true}');
      } else if (kind === 1) {
        res.statusCode = 204;
        res.end();
      } else {
        res.end();
      }
    };
    await createCustomers(15);
    await endpoint.waitFor(30);
    expect(new Set(endpoint.ids()).size).toBe(30);
    expect((await attempts()).every((a) => a["attempt"] === 1 && a["ok"] === true)).toBe(true);
  });

  it("retries an endpoint that does not answer in time, and a 500", async () => {
    let n = 0;
    endpoint.handle = (_req, res) => {
      const call = n++;
      if (call === 0) return; // never answered: the delivery times out
      if (call === 1) {
        res.statusCode = 500;
        res.end("{}");
        return;
      }
      res.end("{}");
    };
    const rides = client(emu, KEYS.rides);
    await rides.customers.create({ email: "slow@example.com" });
    await endpoint.waitFor(2);
    const log = await attempts();
    expect(log.filter((a) => a["ok"] === false).map((a) => [a["status"], a["error"]])).toEqual(
      expect.arrayContaining([[null, "timed out after 300 ms"]]),
    );
    expect(log.filter((a) => a["ok"] === false)).toHaveLength(2);
    expect(new Set(endpoint.ids()).size).toBe(2);
  });

  it("reports pending_webhooks while a delivery is outstanding, 0 once it succeeded", async () => {
    const held: ServerResponse[] = [];
    endpoint.handle = (_req, res) => void held.push(res);
    const rides = client(emu, KEYS.rides);
    await rides.customers.create({ email: "held@example.com" });
    await expect.poll(() => held.length).toBe(2);
    const [event] = (await rides.events.list({ type: "customer.created" })).data;
    expect(event?.pending_webhooks).toBe(1);
    for (const r of held) r.end("{}");
    await endpoint.waitFor(2);
    await expect.poll(async () => (await rides.events.retrieve(event?.id ?? "")).pending_webhooks).toBe(0);
  });

  it("never delivers the events of a request that failed inside a shared group commit", async () => {
    const rides = client(emu, KEYS.rides);
    const results = await Promise.allSettled([
      rides.customers.create({ email: "ok1@example.com" }),
      rides.customers.create({ email: "bad@example.com", payment_method: "pm_missing" }),
      rides.customers.create({ email: "ok2@example.com" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await endpoint.waitFor(4);
    await json(emu, "POST", "/_emulator/webhooks/deliver");
    const emails = endpoint.events.map((e) => (e.data.object as Stripe.Customer).email).sort();
    expect(emails).toEqual(["ok1@example.com", "ok1@example.com", "ok2@example.com", "ok2@example.com"]);
  });
});

describe("a stopped sender", () => {
  it("sends nothing on its own, and everything when asked to deliver now", async () => {
    const endpoint = new Endpoint();
    await endpoint.listen();
    const emu = await startEmulator({ appUrl: endpoint.url });
    try {
      await emu.deliverer.stop();
      await client(emu, KEYS.rides).customers.create({ email: "later@example.com" });
      expect(endpoint.events).toHaveLength(0);
      const res = await json(emu, "POST", "/_emulator/webhooks/deliver");
      expect(res.body).toMatchObject({ delivered: 2, failed: 0 });
      await endpoint.waitFor(2);
      expect(endpoint.events.map((e) => e.type)).toEqual(["customer.created", "customer.created"]);
    } finally {
      await emu.close();
      await endpoint.close();
    }
  });
});

describe("kill -9 between acknowledging a request and delivering its events", () => {
  let dir: string;
  const spawned: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-delivery-"));
  });
  afterAll(() => {
    for (const c of spawned) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  function startCli(dataFile: string, appUrl: string): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "../src/cli.ts")],
      {
        env: { ...process.env, STRIPE_EMULATOR_PORT: "0", STRIPE_EMULATOR_DATA: dataFile, APP_URL: appUrl },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    spawned.push(child);
    return new Promise((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
        if (m?.[1]) resolve({ child, port: Number(m[1]) });
      });
      child.once("exit", (code) => reject(new Error(`emulator exited early (${String(code)}): ${out}`)));
    });
  }

  it("delivers every acknowledged event after the restart", async () => {
    const endpoint = new Endpoint();
    await endpoint.listen();
    try {
      // The first process never gets an answer: every delivery is still outstanding when it dies.
      endpoint.handle = () => undefined;
      const dataFile = path.join(dir, "kill.sqlite");
      const first = await startCli(dataFile, endpoint.url);
      const s = new Stripe(KEYS.rides, {
        host: "127.0.0.1",
        port: first.port,
        protocol: "http",
        maxNetworkRetries: 0,
      });
      const acknowledged = await Promise.all(
        Array.from({ length: 25 }, (_, i) => s.customers.create({ email: `k${i}@example.com` })),
      );
      first.child.kill("SIGKILL");
      await new Promise((r) => first.child.once("exit", r));
      for (const sock of endpoint.sockets) sock.destroy();

      endpoint.handle = (_req, res) => res.end("{}");
      const second = await startCli(dataFile, endpoint.url);
      try {
        await endpoint.waitFor(50);
        const delivered = new Set(endpoint.events.map((e) => (e.data.object as Stripe.Customer).id));
        for (const c of acknowledged) expect(delivered).toContain(c.id);
        expect(new Set(endpoint.events.map((e) => `${e.id}`)).size).toBe(50);
      } finally {
        second.child.kill("SIGKILL");
      }
    } finally {
      await endpoint.close();
    }
  }, 30_000);
});
