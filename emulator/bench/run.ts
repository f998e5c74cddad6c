/**
 * Emulator benchmark: raw HTTP throughput (autocannon, 16 requests in flight) against one
 * emulator process, server CPU per operation (from /proc/<pid>/stat), flat lists as the store
 * grows, and server RSS after 100,000 objects.
 *
 *   npm run bench -w @rocket-checkout/stripe-emulator -- [--seconds 5] [--objects 100000] [--no-webhooks]
 *
 * A local sink answers the default world's webhook endpoints with 200, so the numbers include
 * the cost of signing and delivering every event. --no-webhooks runs the same world without
 * webhook endpoints (what stripe-stateful-mock, which has no webhooks, is measured doing).
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
function flag(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
}
const SECONDS = flag("seconds", 5);
const OBJECTS = flag("objects", 100_000);
const WEBHOOKS = !args.includes("--no-webhooks");
const KEY = "sk_test_rides_emulator_0001";
const CONNECTIONS = 16;

const CLK_TCK = 100;

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

async function startSink(): Promise<{ url: string; close: () => void; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      n++;
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
    count: () => n,
  };
}

async function startServer(
  dataFile: string,
  appUrl: string,
  worldFile: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "../bin/stripe-emulator.js")], {
    env: {
      ...process.env,
      STRIPE_EMULATOR_PORT: "0",
      STRIPE_EMULATOR_DATA: dataFile,
      STRIPE_EMULATOR_WORLD: worldFile,
      APP_URL: appUrl,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${String(code)})`)));
  });
}

interface Row {
  operation: string;
  reqPerSec: number;
  cpuMsPerOp: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  pid: number,
  operation: string,
  opts: { url: string; method?: "GET" | "POST"; body?: string; requests?: autocannon.Request[] },
): Promise<Row> {
  const before = cpuSeconds(pid);
  const init: autocannon.Options = {
    url: opts.url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: SECONDS,
    method: opts.method ?? "GET",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
  };
  if (opts.body !== undefined) init.body = opts.body;
  if (opts.requests) init.requests = opts.requests;
  const result = await autocannon(init);
  const cpu = cpuSeconds(pid) - before;
  const total = result.requests.total;
  return {
    operation,
    reqPerSec: Math.round(result.requests.average),
    cpuMsPerOp: total > 0 ? (cpu * 1000) / total : NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function post(base: string, p: string, body: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return (await res.json()) as Record<string, unknown>;
}

async function fill(base: string, pid: number, target: number): Promise<number> {
  // Customers: each create writes 2 instances (shared across the org), 2 events, 2 deliveries,
  // and one idempotency-free row set; count stored rows from the server's side.
  let created = 0;
  const perBatch = 64;
  while (created < target) {
    await Promise.all(
      Array.from({ length: perBatch }, (_, i) =>
        post(base, "/v1/customers", `email=fill${created + i}%40example.com&metadata[n]=${created + i}`),
      ),
    );
    created += perBatch;
  }
  return rssMb(pid);
}

const SESSION_BODY =
  "ui_mode=embedded_page&mode=payment&return_url=https%3A%2F%2Fx.test%2Fr%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D" +
  "&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000" +
  "&line_items[0][price_data][product_data][name]=Ride&line_items[0][quantity]=1" +
  "&saved_payment_method_options[payment_method_save]=enabled";

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-bench-"));
  const sink = await startSink();
  const worldFile = path.join(dir, "world.json");
  const world = JSON.parse(
    readFileSync(path.join(import.meta.dirname, "../config/default-world.json"), "utf8"),
  ) as {
    organizations: Array<{ webhook_endpoints?: unknown[] }>;
    accounts: Array<{ webhook_endpoints?: unknown[] }>;
  };
  if (!WEBHOOKS) for (const o of [...world.organizations, ...world.accounts]) o.webhook_endpoints = [];
  writeFileSync(worldFile, JSON.stringify(world));
  const { child, url } = await startServer(path.join(dir, "bench.sqlite"), sink.url, worldFile);
  const pid = child.pid ?? 0;
  const rows: Row[] = [];
  try {
    rows.push(
      await measure(pid, "POST /v1/customers", {
        url: `${url}/v1/customers`,
        method: "POST",
        body: "email=bench%40example.com&name=Bench",
      }),
    );
    const customer = await post(url, "/v1/customers", "email=one%40example.com");
    rows.push(
      await measure(pid, "GET /v1/customers/:id", { url: `${url}/v1/customers/${String(customer["id"])}` }),
    );
    rows.push(await measure(pid, "GET /v1/customers?limit=10", { url: `${url}/v1/customers?limit=10` }));
    rows.push(
      await measure(pid, "POST /v1/checkout/sessions", {
        url: `${url}/v1/checkout/sessions`,
        method: "POST",
        body: SESSION_BODY,
      }),
    );
    rows.push(await measure(pid, "GET /v1/events?limit=10", { url: `${url}/v1/events?limit=10` }));
    rows.push(
      await measure(pid, "PaymentIntent create+confirm", {
        url: `${url}/v1/payment_intents`,
        method: "POST",
        body: "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true",
      }),
    );
    const rssBefore = rssMb(pid);
    const countRes = await fetch(`${url}/_emulator/health`);
    void countRes.body?.cancel();
    const rss = await fill(url, pid, Math.max(0, Math.ceil(OBJECTS / 4)));
    rows.push(
      await measure(pid, "GET /v1/customers?limit=10 (after fill)", { url: `${url}/v1/customers?limit=10` }),
    );
    rows.push(
      await measure(pid, "GET /v1/events?limit=10 (after fill)", { url: `${url}/v1/events?limit=10` }),
    );
    const rssAfter = rssMb(pid);

    console.log(
      `\nStripe emulator benchmark — ${CONNECTIONS} in flight, ${SECONDS}s per operation, webhooks ${WEBHOOKS ? "delivered to a local sink" : "off (no endpoints)"}\n`,
    );
    console.log("| operation | req/s | server CPU ms/op | p50 ms | p99 ms | errors |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(
        `| ${r.operation} | ${r.reqPerSec} | ${r.cpuMsPerOp.toFixed(3)} | ${r.p50} | ${r.p99} | ${r.errors} |`,
      );
    }
    const stored = await objectCount(path.join(dir, "bench.sqlite"));
    console.log(
      `\nstored objects: ${stored}; server RSS: ${rssBefore.toFixed(0)} MB before fill, ${rss.toFixed(0)} MB after fill, ${rssAfter.toFixed(0)} MB at the end`,
    );
    console.log(`webhook deliveries received by the sink: ${sink.count()}`);
  } finally {
    child.kill("SIGTERM");
    sink.close();
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function objectCount(file: string): Promise<number> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM objects").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

await main();
