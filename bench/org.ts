/**
 * Organization dashboard data functions at scale: seeds 1,000 customers with 20,000 payments
 * (both brand accounts, some refunded) into an in-process emulator and a temp SQLite database
 * with the matching orders, then times the list page's and a customer page's data functions.
 * A perf check, not a timed test.
 *
 *   node --conditions=react-server --import tsx bench/org.ts [--customers 1000] [--payments 20000] [--events 50000]
 */
import { performance } from "node:perf_hooks";
import type Stripe from "stripe";
import { startIntegrationWorld } from "../test/support/integration";
import { openShop } from "../test/support/shop";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const CUSTOMERS = arg("customers", 1000);
const PAYMENTS = arg("payments", 20000);
const IN_FLIGHT = 16;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
};

async function pool<T>(items: readonly T[], fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < items.length) {
        const index = next++;
        await fn(items[index] as T, index);
      }
    }),
  );
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return out;
}

async function main() {
  const world = await startIntegrationWorld();
  await world.emulator.deliverer.stop();
  const shop = await openShop(world);
  const { listCustomers } = await import("../lib/org/customer-list");
  const { customerDetail } = await import("../lib/org/customer-detail");
  const prisma = shop.prisma;

  const seedStart = performance.now();
  const users: { id: string; customerId: string; card: string }[] = Array.from({ length: CUSTOMERS }, () => ({
    id: "",
    customerId: "",
    card: "",
  }));
  await pool(users, async (slot, i) => {
    const customer = await shop.rides.customers.create({
      name: `Bench Customer ${i}`,
      email: `bench${i}@example.com`,
    });
    const card = await shop.rides.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const user = await prisma.user.create({
      data: {
        email: `bench${i}@example.com`,
        name: `Bench Customer ${i}`,
        stripeCustomerId: customer.id,
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      },
    });
    Object.assign(slot, { id: user.id, customerId: customer.id, card: card.id });
  });
  const customersDone = performance.now();

  const payments = Array.from({ length: PAYMENTS }, (_, i) => ({
    user: users[i % CUSTOMERS]!,
    brand: i % 3 === 0 ? ("deliveries" as const) : ("rides" as const),
    amount: 1000 + ((i * 37) % 9000),
    refund: i % 10 === 0,
  }));
  const orders: {
    checkout: { id: string; userId: string; brand: string; account: string; amount: number };
    intent: Stripe.PaymentIntent;
    refunded: number;
  }[] = [];
  await pool(payments, async (payment, i) => {
    const stripe = payment.brand === "rides" ? shop.rides : shop.deliveries;
    const intent = await stripe.paymentIntents.create({
      customer: payment.user.customerId,
      amount: payment.amount,
      currency: "usd",
      payment_method: payment.user.card,
      confirm: true,
      off_session: true,
    });
    let refunded = 0;
    if (payment.refund) {
      refunded = Math.floor(payment.amount / 2);
      await stripe.refunds.create({ payment_intent: intent.id, amount: refunded });
    }
    orders.push({
      checkout: {
        id: `cs_bench_${i}`,
        userId: payment.user.id,
        brand: payment.brand,
        account: payment.brand === "rides" ? "acct_1RocketRides00001" : "acct_1RocketDeliver0001",
        amount: payment.amount,
      },
      intent,
      refunded,
    });
  });
  const paymentsDone = performance.now();
  const lineItems = JSON.stringify([
    { productId: "city-ride", name: "City ride", quantity: 1, unitAmount: 1850 },
  ]);
  for (let start = 0; start < orders.length; start += 500) {
    const batch = orders.slice(start, start + 500);
    await prisma.checkout.createMany({
      data: batch.map(({ checkout }) => ({
        id: checkout.id,
        userId: checkout.userId,
        brand: checkout.brand,
        account: checkout.account,
        strategy: "organization",
        lineItems,
        amountTotal: checkout.amount,
        currency: "usd",
        status: "complete",
      })),
    });
    await prisma.order.createMany({
      data: batch.map(({ checkout, intent, refunded }) => ({
        userId: checkout.userId,
        checkoutId: checkout.id,
        brand: checkout.brand,
        account: checkout.account,
        paymentIntentId: intent.id,
        amountTotal: checkout.amount,
        amountRefunded: refunded,
        status: refunded ? "partially_refunded" : "paid",
        currency: "usd",
        lineItems,
        cardBrand: "visa",
        cardLast4: "4242",
      })),
    });
  }
  const seeded = performance.now();
  console.log(
    `seeded ${CUSTOMERS} customers (${((customersDone - seedStart) / 1000).toFixed(1)} s), ` +
      `${PAYMENTS} payments in Stripe (${((paymentsDone - customersDone) / 1000).toFixed(1)} s), ` +
      `${orders.length} orders (${((seeded - paymentsDone) / 1000).toFixed(1)} s)`,
  );

  const pages = Math.ceil(CUSTOMERS / 20);
  // Warm-up (JIT, prepared statements), on pages not measured cold below.
  await listCustomers({ page: pages });
  await customerDetail(users[CUSTOMERS - 1]!.id);

  const rows: [string, number[]][] = [];
  // Cold: every call a different page, so every saved-card count is a Stripe read.
  rows.push([
    "list page (20 rows), cold card counts",
    await timed(Math.min(30, pages - 1), (i) => listCustomers({ page: i + 1 })),
  ]);
  rows.push(["list page (20 rows), cached card counts", await timed(30, () => listCustomers({ page: 1 }))]);
  rows.push([
    "list search by email substring, cold",
    await timed(30, (i) => listCustomers({ search: `bench${100 + i}@` })),
  ]);
  rows.push([
    "list search by name, page 3",
    await timed(30, () => listCustomers({ search: "Customer 1", page: 3 })),
  ]);
  // Cold: a different customer each time (about 20 payments in 2 accounts each).
  rows.push([
    "customer page, cold (Stripe reads)",
    await timed(50, (i) => customerDetail(users[(i * 7) % CUSTOMERS]!.id)),
  ]);
  rows.push(["customer page, cached Stripe side", await timed(50, () => customerDetail(users[0]!.id))]);

  // The event log's customer filter (the indexed customer column): one event per payment
  // and per customer change, about 2 KB each, as the webhook stores them.
  const { eventLog } = await import("../lib/webhooks/event-log");
  const EVENTS = arg("events", 50000);
  const padding = "x".repeat(1800);
  for (let start = 0; start < EVENTS; start += 1000) {
    await prisma.webhookEvent.createMany({
      data: Array.from({ length: Math.min(1000, EVENTS - start) }, (_, k) => {
        const i = start + k;
        const customer = users[i % CUSTOMERS]!.customerId;
        return {
          eventId: `evt_bench_${i}`,
          account: i % 3 === 0 ? "acct_1RocketDeliver0001" : "acct_1RocketRides00001",
          type: i % 2 ? "charge.succeeded" : "payment_intent.succeeded",
          created: 1_790_000_000 + i,
          payload: JSON.stringify({ id: `evt_bench_${i}`, data: { object: { customer, padding } } }, null, 2),
          customer,
          outcome: "ignored",
          receivedAt: new Date(Date.UTC(2026, 5, 1) + i * 1000),
        };
      }),
    });
  }
  rows.push(["event log, no filter", await timed(20, () => eventLog({}))]);
  rows.push([
    `event log, customer filter (${EVENTS} events, ${Math.round(EVENTS / CUSTOMERS)} per customer)`,
    await timed(20, (i) => eventLog({ customer: users[(i * 37) % CUSTOMERS]!.customerId })),
  ]);

  const sample = await customerDetail(users[0]!.id);
  console.log(
    `sample customer: ${sample?.timeline.length} timeline entries, total ${sample?.spend.totals[0]?.net} cents, ` +
      `${sample?.cards?.length} saved card(s)`,
  );
  console.log("\n| data function | median ms | p95 ms | runs |\n|---|---:|---:|---:|");
  for (const [name, values] of rows) {
    console.log(`| ${name} | ${median(values).toFixed(1)} | ${p95(values).toFixed(1)} | ${values.length} |`);
  }
  await prisma.$disconnect();
  await world.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
