/**
 * Emulator benchmark: raw HTTP throughput (autocannon, 16 requests in flight) against one
 * emulator process, server CPU per operation (from /proc/<pid>/stat), flat lists as the store
 * grows, server RSS after 100,000 objects — and the same raw requests against
 * stripe-stateful-mock (the reference, one process on its own port), measured right before ours
 * in the same run so that the ratios compare like with like on a shared machine.
 *
 *   npm run bench -w @rocket-checkout/stripe-emulator -- [--seconds 5] [--warmup 2] [--objects 100000] [--rounds 3] [--creates-only] [--no-webhooks] [--webhooks-only] [--no-peer]
 *
 * The headline world has the default world's webhook endpoints on: every event is signed and
 * POSTed to a live local endpoint (a separate process answering 200), and the customer-create row
 * only stops the clock on the server's CPU once every delivery it caused has arrived. The second
 * world has no endpoints (what stripe-stateful-mock, which has no webhooks, does). By default one
 * invocation runs both; --no-webhooks / --webhooks-only run one of them.
 *
 * The customer-create row is measured `--rounds` times (the peer, then ours, back to back each
 * round) and reports the medians, with the ratio as the median of the rounds' ratios: on a shared
 * machine the load drifts between rounds, not within one. Before its first round, each server takes
 * the same load for --warmup seconds, not measured: the rounds then compare servers whose hot code
 * V8 has already optimized, as in a test suite's long-running emulator, instead of counting one
 * server's compile time against it. --creates-only measures that row alone.
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
function flag(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
}
const SECONDS = flag("seconds", 5);
const WARMUP_SECONDS = flag("warmup", 2);
const OBJECTS = flag("objects", 100_000);
const WORLDS: Array<"on" | "off"> = args.includes("--no-webhooks")
  ? ["off"]
  : args.includes("--webhooks-only")
    ? ["on"]
    : ["on", "off"];
const PEER = !args.includes("--no-peer");
const ROUNDS = Math.max(1, flag("rounds", 3));
const CREATES_ONLY = args.includes("--creates-only");
const KEY = "sk_test_rides_emulator_0001";
const CONNECTIONS = 16;
/** A customer created in Rides exists in both organization accounts: two events, each sent to the organization's endpoint. */
const DELIVERIES_PER_CUSTOMER = 2;

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

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const address = srv.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Starts a child and resolves with the first match of `ready` on its stdout. */
function startChild(
  command: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: string }> {
  const [cmd = "", ...rest] = command;
  const child = spawn(cmd, rest, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m[1] ?? m[0] });
    });
    child.once("exit", (code) => reject(new Error(`${command.join(" ")} exited (${String(code)}): ${out}`)));
  });
}

/**
 * The webhook receiver: its own process (as an app would be), node:http, reads each body and
 * answers 200; `GET /count` tells how many deliveries it has received.
 */
const SINK_SOURCE = `
const http = require("node:http");
let n = 0;
const server = http.createServer((req, res) => {
  if (req.method === "GET") { res.end(String(n)); return; }
  req.resume();
  req.on("end", () => { n++; res.end("{}"); });
});
server.listen(0, "127.0.0.1", () => console.log("sink on http://127.0.0.1:" + server.address().port));
`;

interface Sink {
  url: string;
  child: ChildProcess;
  count(): Promise<number>;
}

async function startSink(): Promise<Sink> {
  const { child, match } = await startChild(
    [process.execPath, "-e", SINK_SOURCE],
    {},
    /sink on (http:\/\/\S+)/,
  );
  return {
    url: match,
    child,
    count: async () => Number(await (await fetch(`${match}/count`)).text()),
  };
}

async function startEmulator(
  dataFile: string,
  appUrl: string,
  worldFile: string,
): Promise<{ child: ChildProcess; url: string }> {
  const { child, match } = await startChild(
    [process.execPath, path.join(import.meta.dirname, "../bin/stripe-emulator.js")],
    {
      STRIPE_EMULATOR_PORT: "0",
      STRIPE_EMULATOR_DATA: dataFile,
      STRIPE_EMULATOR_WORLD: worldFile,
      APP_URL: appUrl,
    },
    /listening on (http:\/\/\S+)/,
  );
  return { child, url: match };
}

/** stripe-stateful-mock from node_modules (nothing is downloaded): one process, its own port. */
async function startPeer(): Promise<{ child: ChildProcess; url: string }> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve("stripe-stateful-mock")), "cli.js");
  const port = await freePort();
  const { child } = await startChild(
    [process.execPath, cli],
    { PORT: String(port), NODE_ENV: "production" },
    /Server started on port/,
  );
  return { child, url: `http://127.0.0.1:${port}` };
}

interface Measured {
  reqPerSec: number;
  cpuMsPerOp: number;
  p50: number;
  p99: number;
  errors: number;
  /** Time after the load stopped until every webhook it caused had arrived. */
  drainMs?: number;
}

interface Row extends Measured {
  operation: string;
  peer?: Measured;
  /** Rows measured in several rounds: each round's ratios ours/peer (req/s, CPU/op). */
  rounds?: Array<{ reqPerSec: number; cpuMsPerOp: number }>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** The medians of several measurements of one operation. */
function medianOf(ms: Measured[]): Measured {
  const out: Measured = {
    reqPerSec: Math.round(median(ms.map((m) => m.reqPerSec))),
    cpuMsPerOp: median(ms.map((m) => m.cpuMsPerOp)),
    p50: median(ms.map((m) => m.p50)),
    p99: median(ms.map((m) => m.p99)),
    errors: ms.reduce((n, m) => n + m.errors, 0),
  };
  const drains = ms.flatMap((m) => (m.drainMs === undefined ? [] : [m.drainMs]));
  if (drains.length > 0) out.drainMs = Math.max(...drains);
  return out;
}

interface Target {
  pid: number;
  base: string;
}

/** The requests one measurement sends: for `--seconds` unless `seconds` says otherwise. */
interface Load {
  path: string;
  method?: "GET" | "POST";
  body?: string;
  seconds?: number;
}

async function measure(
  target: Target,
  opts: Load & { drain?: (created: number) => Promise<number> },
): Promise<Measured> {
  const before = cpuSeconds(target.pid);
  const init: autocannon.Options = {
    url: `${target.base}${opts.path}`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: opts.seconds ?? SECONDS,
    method: opts.method ?? "GET",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
  };
  if (opts.body !== undefined) init.body = opts.body;
  const result = await autocannon(init);
  const drainMs = opts.drain ? await opts.drain(result.requests.total - result.non2xx) : undefined;
  const cpu = cpuSeconds(target.pid) - before;
  const total = result.requests.total;
  const out: Measured = {
    reqPerSec: Math.round(result.requests.average),
    cpuMsPerOp: total > 0 ? (cpu * 1000) / total : NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
  if (drainMs !== undefined) out.drainMs = drainMs;
  return out;
}

async function post(base: string, p: string, body: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return (await res.json()) as Record<string, unknown>;
}

async function customerCount(base: string): Promise<number> {
  // Both servers answer this cheaply enough for a before/after count; ours has an index, the peer scans.
  let n = 0;
  let after: string | undefined;
  for (;;) {
    const q = `limit=100${after ? `&starting_after=${after}` : ""}`;
    const res = await fetch(`${base}/v1/customers?${q}`, { headers: { authorization: `Bearer ${KEY}` } });
    const page = (await res.json()) as { data: Array<{ id: string }>; has_more: boolean };
    n += page.data.length;
    if (!page.has_more || page.data.length === 0) return n;
    after = page.data[page.data.length - 1]?.id;
  }
}

async function fill(base: string, target: number): Promise<void> {
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
}

const SESSION_BODY =
  "ui_mode=embedded_page&mode=payment&return_url=https%3A%2F%2Fx.test%2Fr%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D" +
  "&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000" +
  "&line_items[0][price_data][product_data][name]=Ride&line_items[0][quantity]=1" +
  "&saved_payment_method_options[payment_method_save]=enabled";

const CUSTOMER_BODY = "email=bench%40example.com&name=Bench";

interface WorldResult {
  world: "on" | "off";
  rows: Row[];
  stored: number;
  rssBefore: number;
  rssFill: number;
  rssAfter: number;
  delivered: number;
}

async function runWorld(
  which: "on" | "off",
  sink: Sink,
  peer: Target | undefined,
  peerFilled: { done: boolean },
): Promise<WorldResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-bench-"));
  const worldFile = path.join(dir, "world.json");
  const world = JSON.parse(
    readFileSync(path.join(import.meta.dirname, "../config/default-world.json"), "utf8"),
  ) as {
    organizations: Array<{ webhook_endpoints?: unknown[] }>;
    accounts: Array<{ webhook_endpoints?: unknown[] }>;
  };
  if (which === "off") for (const o of [...world.organizations, ...world.accounts]) o.webhook_endpoints = [];
  writeFileSync(worldFile, JSON.stringify(world));
  const dataFile = path.join(dir, "bench.sqlite");
  const { child, url } = await startEmulator(dataFile, sink.url, worldFile);
  const ours: Target = { pid: child.pid ?? 0, base: url };
  const sinkAtStart = await sink.count();
  const rows: Row[] = [];
  /** Ours and, right before it, the peer's figure for the same request. */
  const both = async (
    operation: string,
    opts: { path: string | ((t: Target) => string); method?: "GET" | "POST"; body?: string },
    deliveriesPerCreate?: number,
    rounds = 1,
    warmup = false,
  ): Promise<void> => {
    const pathFor = (t: Target): string => (typeof opts.path === "string" ? opts.path : opts.path(t));
    const peerRuns: Measured[] = [];
    const ourRuns: Measured[] = [];
    if (warmup && WARMUP_SECONDS > 0) {
      const unmeasured = { ...opts, seconds: WARMUP_SECONDS };
      if (peer) await measure(peer, { ...unmeasured, path: pathFor(peer) });
      await measureWithDrain(ours, sink, { ...unmeasured, path: pathFor(ours) }, deliveriesPerCreate);
    }
    for (let i = 0; i < rounds; i++) {
      if (peer) peerRuns.push(await measure(peer, { ...opts, path: pathFor(peer) }));
      ourRuns.push(await measureWithDrain(ours, sink, { ...opts, path: pathFor(ours) }, deliveriesPerCreate));
    }
    const row: Row = { operation, ...medianOf(ourRuns) };
    if (peer) {
      row.peer = medianOf(peerRuns);
      if (rounds > 1) {
        row.rounds = ourRuns.map((o, i) => ({
          reqPerSec: o.reqPerSec / (peerRuns[i]?.reqPerSec ?? NaN),
          cpuMsPerOp: o.cpuMsPerOp / (peerRuns[i]?.cpuMsPerOp ?? NaN),
        }));
      }
    }
    rows.push(row);
  };
  try {
    await both(
      "POST /v1/customers",
      { path: "/v1/customers", method: "POST", body: CUSTOMER_BODY },
      which === "on" ? DELIVERIES_PER_CUSTOMER : undefined,
      ROUNDS,
      true,
    );
    if (CREATES_ONLY) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      return {
        world: which,
        rows,
        stored: await objectCount(dataFile),
        rssBefore: NaN,
        rssFill: NaN,
        rssAfter: NaN,
        delivered: (await sink.count()) - sinkAtStart,
      };
    }
    const ids = new Map<string, string>();
    for (const t of [ours, ...(peer ? [peer] : [])])
      ids.set(t.base, String((await post(t.base, "/v1/customers", "email=one%40example.com"))["id"]));
    await both("GET /v1/customers/:id", { path: (t) => `/v1/customers/${ids.get(t.base) ?? ""}` });
    await both("GET /v1/customers?limit=10", { path: "/v1/customers?limit=10" });
    rows.push({
      operation: "POST /v1/checkout/sessions",
      ...(await measure(ours, { path: "/v1/checkout/sessions", method: "POST", body: SESSION_BODY })),
    });
    rows.push({
      operation: "GET /v1/events?limit=10",
      ...(await measure(ours, { path: "/v1/events?limit=10" })),
    });
    rows.push({
      operation: "PaymentIntent create+confirm",
      ...(await measure(ours, {
        path: "/v1/payment_intents",
        method: "POST",
        body: "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true",
      })),
    });
    const rssBefore = rssMb(ours.pid);
    // Customers: each create stores 2 instances and 2 events (4 objects) in our store.
    const customers = Math.max(0, Math.ceil(OBJECTS / 4));
    await fill(url, customers);
    if (peer && !peerFilled.done) {
      // The peer keeps every customer of the run in memory; bring it to at least the same count.
      const have = await customerCount(peer.base);
      const oursHave = await customerCount(url);
      await fill(peer.base, Math.max(0, oursHave - have));
      peerFilled.done = true;
    }
    const rssFill = rssMb(ours.pid);
    await both("GET /v1/customers?limit=10 (after fill)", { path: "/v1/customers?limit=10" });
    rows.push({
      operation: "GET /v1/events?limit=10 (after fill)",
      ...(await measure(ours, { path: "/v1/events?limit=10" })),
    });
    const rssAfter = rssMb(ours.pid);
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    return {
      world: which,
      rows,
      stored: await objectCount(dataFile),
      rssBefore,
      rssFill,
      rssAfter,
      delivered: (await sink.count()) - sinkAtStart,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Measures `opts` on ours. With `deliveriesPerCreate`, the clock on the server's CPU keeps running
 * after the load until every webhook the creates caused has reached the sink (so deliveries that
 * lag behind are not left out of CPU/op).
 */
async function measureWithDrain(
  target: Target,
  sink: Sink,
  opts: Load,
  deliveriesPerCreate?: number,
): Promise<Measured> {
  if (deliveriesPerCreate === undefined) return measure(target, opts);
  const sinkBefore = await sink.count();
  return measure(target, {
    ...opts,
    // From autocannon's count of answered creates: counting customers on the server would add CPU.
    drain: async (created) => {
      const expected = created * deliveriesPerCreate;
      const t0 = performance.now();
      while ((await sink.count()) - sinkBefore < expected) {
        if (performance.now() - t0 > 60_000)
          throw new Error("webhook deliveries did not all arrive within 60 s");
        await new Promise((r) => setTimeout(r, 5));
      }
      return Math.round(performance.now() - t0);
    },
  });
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

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "";
}

function print(r: WorldResult): void {
  const title =
    r.world === "on"
      ? "Webhooks on (headline): the default world's endpoints, every event signed and delivered to a live local endpoint answering 200"
      : "Webhooks off: the same world without endpoints";
  console.log(`\n### ${title}\n`);
  console.log(
    "| operation | req/s | server CPU ms/op | p50 ms | p99 ms | errors | stripe-stateful-mock req/s | its CPU ms/op | req/s ours/peer | CPU/op ours/peer |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of r.rows) {
    const p = row.peer;
    const rounds = row.rounds;
    const reqRatio = rounds
      ? `${median(rounds.map((x) => x.reqPerSec)).toFixed(2)}×`
      : p
        ? ratio(row.reqPerSec, p.reqPerSec)
        : "";
    const cpuRatio = rounds
      ? `${median(rounds.map((x) => x.cpuMsPerOp)).toFixed(2)}×`
      : p
        ? ratio(row.cpuMsPerOp, p.cpuMsPerOp)
        : "";
    console.log(
      `| ${row.operation}${rounds ? ` (median of ${rounds.length} rounds)` : ""} | ${row.reqPerSec} | ${row.cpuMsPerOp.toFixed(3)} | ${row.p50} | ${row.p99} | ${row.errors} | ${p ? p.reqPerSec : ""} | ${p ? p.cpuMsPerOp.toFixed(3) : ""} | ${reqRatio} | ${cpuRatio} |`,
    );
  }
  for (const row of r.rows.filter((x) => x.rounds))
    console.log(
      `\n${row.operation}, each round's ratios ours/peer (req/s, CPU/op): ${(row.rounds ?? [])
        .map((x) => `${x.reqPerSec.toFixed(2)}× / ${x.cpuMsPerOp.toFixed(2)}×`)
        .join("; ")}`,
    );
  const drained = r.rows.find((x) => x.drainMs !== undefined);
  if (drained)
    console.log(
      `\nPOST /v1/customers: every delivery it caused had arrived ${drained.drainMs} ms after the load stopped (its CPU is included).`,
    );
  if (!CREATES_ONLY)
    console.log(
      `stored objects: ${r.stored}; server RSS: ${r.rssBefore.toFixed(0)} MB before fill, ${r.rssFill.toFixed(0)} MB after fill, ${r.rssAfter.toFixed(0)} MB at the end`,
    );
  console.log(`webhook deliveries received by the endpoint: ${r.delivered}`);
}

async function main(): Promise<void> {
  const sink = await startSink();
  const peerProc = PEER ? await startPeer() : undefined;
  const peer = peerProc ? { pid: peerProc.child.pid ?? 0, base: peerProc.url } : undefined;
  const results: WorldResult[] = [];
  try {
    const peerFilled = { done: false };
    for (const w of WORLDS) results.push(await runWorld(w, sink, peer, peerFilled));
    console.log(
      `\nStripe emulator benchmark — ${CONNECTIONS} in flight, ${SECONDS}s per operation, raw form-encoded HTTP; ` +
        (peer ? "stripe-stateful-mock measured right before each of our comparable rows" : "no peer") +
        `; ${new Date().toISOString()}`,
    );
    for (const r of results) print(r);
  } finally {
    peerProc?.child.kill("SIGTERM");
    sink.child.kill("SIGTERM");
  }
}

await main();
