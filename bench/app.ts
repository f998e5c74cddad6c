/**
 * App benchmarks against an in-process emulator and a temp SQLite database:
 *  - create-session: our domain code (canonical customer + pricing + Checkout row) vs the
 *    emulator's own `checkout.sessions.create` through the SDK, p50 ratio (target ≤ 1.15);
 *    and throughput with 16 in flight.
 *  - webhook ingest: the route handler (verify + once-per-(event, account) write) vs a plain
 *    insert loop into the same table (targets ≥ 1,000 events/s and ≥ 0.5×).
 *
 *   node --conditions=react-server --import tsx bench/app.ts [--n 300]   (or: npm run bench)
 */
import { performance } from "node:perf_hooks";
import Stripe from "stripe";
import { startIntegrationWorld } from "../test/support/integration";
import { openShop } from "../test/support/shop";

const args = process.argv.slice(2);
const N = Number(args[args.indexOf("--n") + 1] || 300);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return out;
}

async function throughput(seconds: number, inFlight: number, fn: (i: number) => Promise<unknown>) {
  let done = 0;
  let errors = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        try {
          await fn(next++);
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: done / seconds, errors };
}

async function main() {
  const world = await startIntegrationWorld();
  await world.emulator.deliverer.stop();
  const shop = await openShop(world);
  const shopper = await shop.newShopper();
  // Warm the first purchase (creates the canonical customer), then use the user as the route
  // sees it: getCurrentUser reads the canonical customer id with the user.
  await shop.createCheckoutSession(shopper, {
    brand: "rides",
    lines: [{ productId: "city-ride", quantity: 1 }],
    submissionId: "benchwarm00000000",
  });
  const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: shopper.id } });
  const user = { ...shopper, stripeCustomerId };
  // The reference is the same session our code creates, sent straight to the emulator.
  const metadata = { rocket_user_id: user.id, brand: "rides" };
  const params: Stripe.Checkout.SessionCreateParams = {
    ui_mode: "embedded_page",
    mode: "payment",
    customer: stripeCustomerId ?? undefined,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "usd",
          unit_amount: 1850,
          product_data: {
            name: "City ride",
            description: "A ride anywhere within the city limits.",
            metadata: { product_id: "city-ride" },
          },
        },
      },
    ],
    return_url: "http://127.0.0.1:3000/rides/checkout/return?session_id={CHECKOUT_SESSION_ID}",
    saved_payment_method_options: { payment_method_save: "enabled" },
    metadata,
    payment_intent_data: { metadata },
  };
  let directKey = 0;
  const direct = () =>
    shop.rides.checkout.sessions.create(params, {
      idempotencyKey: `bench-direct-${Date.now()}-${directKey++}`,
    });
  const body = (i: number) => ({
    brand: "rides",
    lines: [{ productId: "city-ride", quantity: 1 }],
    submissionId: `bench${i.toString().padStart(8, "0")}x${Date.now()}`,
  });

  // Warm both paths (JIT, first customer creation, prepared statements).
  await timeEach(30, direct);
  await timeEach(30, (i) => shop.createCheckoutSession(user, body(-100 - i)));

  const directMs = median(await timeEach(N, direct));
  const ours = median(await timeEach(N, (i) => shop.createCheckoutSession(user, body(i))));
  const rate = await throughput(3, 16, (i) => shop.createCheckoutSession(user, body(1_000_000 + i)));

  // Webhook ingest.
  const { POST } = await import("../app/api/webhooks/stripe/route");
  const secret = "whsec_org_rocketgroup_emulator_0001";
  const WARM = 500;
  const events = Array.from({ length: WARM + 2000 }, (_, i) =>
    JSON.stringify({
      id: `evt_bench_${i}_${Date.now()}`,
      object: "event",
      api_version: "2026-10-28.endive",
      context: "acct_1RocketRides00001",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `pm_bench_${i}`, object: "payment_method" } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "payment_method.attached",
    }),
  );
  const request = (payload: string, signature: string) =>
    new Request("http://127.0.0.1/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    });
  const signedEvents = events.map((payload) => ({
    payload,
    signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }),
  }));
  const ingest = async (from: number, to: number) => {
    for (const { payload, signature } of signedEvents.slice(from, to)) {
      const response = await POST(request(payload, signature));
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    }
  };
  const plainInsert = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      await shop.prisma.webhookEvent.create({
        data: {
          eventId: `evt_plain_${i}`,
          account: "acct_1RocketRides00001",
          type: "payment_method.attached",
          created: 0,
          payload: events[i]!,
          outcome: "applied",
        },
      });
    }
  };
  // Both loops warm up first (JIT, prepared statements), as the session benchmark does.
  await ingest(0, WARM);
  await plainInsert(0, WARM);
  let start = performance.now();
  await ingest(WARM, events.length);
  const ingestPerSecond = (events.length - WARM) / ((performance.now() - start) / 1000);
  start = performance.now();
  await plainInsert(WARM, events.length);
  const plainPerSecond = (events.length - WARM) / ((performance.now() - start) / 1000);

  const rows = [
    ["create-session p50, SDK → emulator directly", `${directMs.toFixed(2)} ms`, ""],
    ["create-session p50, our createCheckoutSession", `${ours.toFixed(2)} ms`, ""],
    [
      "  ratio (target ≤ 1.15×)",
      `${(ours / directMs).toFixed(2)}×`,
      ours / directMs <= 1.15 ? "met" : "NOT met",
    ],
    ["create-session throughput, 16 in flight", `${rate.perSecond.toFixed(0)}/s, ${rate.errors} errors`, ""],
    [
      "webhook ingest (verify + idempotent write)",
      `${ingestPerSecond.toFixed(0)} events/s`,
      ingestPerSecond >= 1000 ? "met" : "NOT met",
    ],
    ["plain insert loop, same table", `${plainPerSecond.toFixed(0)} rows/s`, ""],
    [
      "  ratio (target ≥ 0.5×)",
      `${(ingestPerSecond / plainPerSecond).toFixed(2)}×`,
      ingestPerSecond / plainPerSecond >= 0.5 ? "met" : "NOT met",
    ],
  ];
  console.log("\nApp benchmarks (in-process emulator, SQLite, one process — medians)\n");
  for (const [what, value, verdict] of rows)
    console.log(`  ${what!.padEnd(48)} ${value!.padStart(22)}  ${verdict}`);
  await shop.prisma.$disconnect();
  await world.close();
}

await main();
process.exit(0);
