import { expect, test } from "@playwright/test";
import pg from "pg";
import Stripe from "stripe";
import { DEMO_USERS } from "../../prisma/demo-users";
import { FAILED_SIGNINS_PER_CLIENT, startCluster, type Cluster, type Instance } from "./cluster";
import { signIn, type HttpClient } from "./http-client";
import { INSTANCES_DATABASE_URL, INSTANCES_PORTS, INSTANCES_STRATEGY } from "./settings";

// One cluster for the file; each test makes its own shopper. The crash test runs last.
test.describe.configure({ mode: "serial" });

let cluster: Cluster;
let db: pg.Client;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startCluster({
    databaseUrl: INSTANCES_DATABASE_URL,
    ports: INSTANCES_PORTS,
    strategy: INSTANCES_STRATEGY,
  });
  db = new pg.Client({ connectionString: INSTANCES_DATABASE_URL });
  await db.connect();
});

test.afterAll(async () => {
  await db?.end();
  await cluster?.stop();
});

const admin = DEMO_USERS.find((user) => user.role === "admin")!;

const emulator = (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") =>
  fetch(`${cluster.emulatorUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

function stripe(key: string): Stripe {
  const url = new URL(cluster.emulatorUrl);
  return new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: "http" });
}

let shoppers = 0;
const PASSWORD = "two-instances-rocket-2026";

async function newShopper(on: Instance): Promise<{ id: string; email: string; client: HttpClient }> {
  shoppers += 1;
  const email = `instances-${shoppers}-${Date.now().toString(36)}@example.com`;
  const password = PASSWORD;
  const signUp = await fetch(`${on.url}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: cluster.appUrl },
    body: JSON.stringify({ name: `Shopper ${shoppers}`, email, password }),
  });
  expect(signUp.status, await signUp.clone().text()).toBe(201);
  const { user } = (await signUp.json()) as { user: { id: string } };
  const { client, error } = await signIn(on.url, cluster.appUrl, email, password);
  expect(error).toBeNull();
  return { id: user.id, email, client };
}

interface Purchase {
  brand: "rides" | "deliveries";
  lines: { productId: string; quantity: number }[];
  submissionId: string;
}

const purchase = (index: number): Purchase => ({
  brand: index % 2 ? "rides" : "deliveries",
  // One cart per purchase: a second session of the same cart would expire the first one.
  lines: [{ productId: index % 2 ? "city-ride" : "grocery-run", quantity: 1 + Math.floor(index / 2) }],
  submissionId: `split${Date.now().toString(36)}${index.toString().padStart(3, "0")}`,
});

async function startCheckout(client: HttpClient, on: Instance, body: Purchase) {
  const response = await client.request(on.url, "/api/checkout/sessions", { json: body });
  if (response.status !== 201) return { status: response.status, sessionId: null, clientSecret: null };
  const { clientSecret } = (await response.json()) as { clientSecret: string };
  return { status: 201, clientSecret, sessionId: clientSecret.split("_secret_")[0] ?? "" };
}

/** Pays as the embedded Checkout page does; true when the shopper was told it succeeded. */
async function pay(sessionId: string, clientSecret: string): Promise<boolean> {
  const response = await emulator(`/_emulator/checkout/sessions/${sessionId}/confirm`, {
    client_secret: clientSecret,
    card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123", country: "US" },
    save_payment_method: true,
  });
  const body = (await response.json()) as { status?: string };
  return response.status === 200 && body.status === "complete";
}

const count = async (sql: string, values: unknown[]) =>
  Number((await db.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);

test("50 concurrent first purchases split across two instances, 20 % of Stripe calls failing: one customer, no duplicate sessions or orders, each webhook processed once, each receipt mailed once", async () => {
  test.setTimeout(120_000);
  const [a, b] = cluster.instances;
  const shopper = await newShopper(a);

  const purchases = Array.from({ length: 50 }, (_, index) => purchase(index));
  await emulator("/_emulator/faults", { rules: [{ path: "/v1/*", status: 500, rate: 0.2 }] });
  // Every purchase reaches both instances at once, as a double click behind a load balancer would.
  const results = await Promise.all(
    purchases.flatMap((body) => [
      startCheckout(shopper.client, a, body),
      startCheckout(shopper.client, b, body),
    ]),
  );
  const faults = (await (await emulator("/_emulator/faults")).json()) as { rules: { applied: number }[] };
  await emulator("/_emulator/faults", undefined, "DELETE");
  expect(faults.rules[0]?.applied ?? 0).toBeGreaterThan(10);

  // Exactly one canonical customer, in the database and in Stripe.
  const stored = await db.query<{ stripeCustomerId: string | null }>(
    'SELECT "stripeCustomerId" FROM "User" WHERE id = $1',
    [shopper.id],
  );
  const customerId = stored.rows[0]?.stripeCustomerId;
  expect(customerId).toMatch(/^cus_/);
  const keys = [
    "sk_test_rides_emulator_0001",
    "sk_test_deliveries_emulator_0001",
    "sk_test_platform_emulator_0001",
  ];
  const found = new Set<string>();
  for (const key of keys) {
    for (const customer of (await stripe(key).customers.list({ email: shopper.email, limit: 100 })).data)
      found.add(customer.id);
  }
  expect([...found]).toEqual([customerId]);

  // One session per purchase, whichever instance answered.
  const sessionOf = new Map<string, string>();
  for (const [index, result] of results.entries()) {
    if (!result.sessionId) continue;
    const submission = purchases[Math.floor(index / 2)]!.submissionId;
    expect(sessionOf.get(submission) ?? result.sessionId).toBe(result.sessionId);
    sessionOf.set(submission, result.sessionId);
  }
  expect(sessionOf.size).toBeGreaterThan(40);
  expect(await count('SELECT count(*) AS n FROM "Checkout" WHERE "userId" = $1', [shopper.id])).toBe(
    sessionOf.size,
  );
  console.log(
    `two instances: ${results.length} submissions (50 distinct) split across A and B, ` +
      `${faults.rules[0]?.applied ?? 0} Stripe calls failed with 500, ${sessionOf.size} sessions, 1 customer`,
  );

  // Pay six of them; both instances' return pages race the webhooks that reach both instances.
  const toPay = results
    .filter((result) => result.sessionId)
    .slice(0, 12)
    .filter((_, i) => i % 2 === 0);
  const secrets = new Map(toPay.map((result) => [result.sessionId!, result.clientSecret!]));
  for (const [sessionId, clientSecret] of secrets) {
    expect(await pay(sessionId, clientSecret)).toBe(true);
    const brand = purchases[results.findIndex((result) => result.sessionId === sessionId) >> 1]!.brand;
    const returnPath = `/${brand}/checkout/return?session_id=${sessionId}`;
    const pages = await Promise.all([a, b].map((on) => shopper.client.request(on.url, returnPath)));
    for (const page of pages) expect(page.status).toBe(200);
  }
  await expect
    .poll(() => count('SELECT count(*) AS n FROM "Order" WHERE "userId" = $1', [shopper.id]))
    .toBe(secrets.size);
  expect(
    await count('SELECT count(DISTINCT "checkoutId") AS n FROM "Order" WHERE "userId" = $1', [shopper.id]),
  ).toBe(secrets.size);
  // Both instances' return pages and webhooks try to mail each receipt: exactly one of them does.
  const receipts = async () =>
    (await cluster.mail.messages())
      .filter((mail) => mail.to.includes(shopper.email.toLowerCase()) && mail.subject.includes("receipt"))
      .map((mail) => mail.subject);
  await expect
    .poll(async () => (await receipts()).length, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(secrets.size);
  const mailed = await receipts();
  expect(new Set(mailed).size, mailed.join("\n")).toBe(secrets.size);
  expect(mailed).toHaveLength(secrets.size);

  // Every delivery went to both instances: exactly one of them processed each event.
  await expect
    .poll(() => {
      const keysSeen = new Set(cluster.webhookAnswers.map((answer) => `${answer.eventId}@${answer.account}`));
      const processed = new Map<string, number>();
      for (const answer of cluster.webhookAnswers) {
        if (answer.status >= 200 && answer.status < 300 && answer.outcome !== "duplicate") {
          const key = `${answer.eventId}@${answer.account}`;
          processed.set(key, (processed.get(key) ?? 0) + 1);
        }
      }
      const unprocessed = [...keysSeen].filter((key) => !processed.has(key));
      const twice = [...processed].filter(([, times]) => times > 1).map(([key]) => key);
      return { delivered: keysSeen.size > 0, unprocessed, twice };
    })
    .toEqual({ delivered: true, unprocessed: [], twice: [] });
  const pairs = new Set(cluster.webhookAnswers.map((answer) => `${answer.eventId}@${answer.account}`)).size;
  console.log(
    `two instances: ${pairs} webhook events each delivered to both instances (${cluster.webhookAnswers.length} answers), each processed once`,
  );
});

test("an admin's refund on instance A shows on instance B's customer page at the next load", async () => {
  const [a, b] = cluster.instances;
  const shopper = await newShopper(b);
  const started = await startCheckout(shopper.client, a, purchase(1));
  expect(started.status).toBe(201);
  expect(await pay(started.sessionId!, started.clientSecret!)).toBe(true);
  await expect
    .poll(() => count('SELECT count(*) AS n FROM "Order" WHERE "userId" = $1', [shopper.id]))
    .toBe(1);
  const order = (
    await db.query<{ paymentIntentId: string; amountTotal: number }>(
      'SELECT "paymentIntentId", "amountTotal" FROM "Order" WHERE "userId" = $1',
      [shopper.id],
    )
  ).rows[0]!;

  const { client: org } = await signIn(b.url, cluster.appUrl, admin.email, admin.password);
  const page = `/org/customers/${shopper.id}`;
  const before = await (await org.request(b.url, page)).text();
  expect(before.includes(shopper.email), "B's page shows the customer").toBe(true);
  expect(before.includes("$5.00 refunded"), "no refund yet").toBe(false);

  const refund = await org.request(a.url, `/api/org/customers/${shopper.id}/refunds`, {
    json: {
      brand: "rides",
      paymentIntentId: order.paymentIntentId,
      amount: 500,
      reason: "Late pickup, refunded by support",
      idempotencyKey: `instances-refund-${Date.now()}`,
    },
  });
  expect(refund.status, await refund.clone().text()).toBe(201);

  const after = await (await org.request(b.url, page)).text();
  expect(after.includes("$5.00 refunded"), "B's page shows A's refund").toBe(true);
});

test("sign-in limits hold across instances: a stranger is stopped on both, the owner elsewhere still gets in", async () => {
  const [a, b] = cluster.instances;
  const shopper = await newShopper(a);
  const attacker = "203.0.113.66";
  // The stranger's guesses alternate between the instances: neither sees the limit alone.
  for (let attempt = 0; attempt < FAILED_SIGNINS_PER_CLIENT; attempt += 1) {
    const on = attempt % 2 ? b : a;
    const { error } = await signIn(
      on.url,
      cluster.appUrl,
      shopper.email,
      `guess-${attempt}-rocket`,
      attacker,
    );
    expect(error).toBe("InvalidCredentials");
  }
  for (const on of [a, b]) {
    const { error } = await signIn(on.url, cluster.appUrl, shopper.email, PASSWORD, attacker);
    expect(error, `instance ${on.name} refuses the stranger`).toBe("TooManyAttempts");
  }
  const { error } = await signIn(b.url, cluster.appUrl, shopper.email, PASSWORD, "198.51.100.7");
  expect(error, "the owner, from another address").toBeNull();
});

test("kill -9 of an instance right after a payment loses nothing the shopper was told succeeded", async () => {
  const [a, b] = cluster.instances;
  const shopper = await newShopper(a);
  const started = await startCheckout(shopper.client, a, purchase(2));
  expect(started.status).toBe(201);
  // The Checkout row was written before the shopper saw the checkout open.
  expect(await count('SELECT count(*) AS n FROM "Checkout" WHERE id = $1', [started.sessionId])).toBe(1);

  // The shopper is told the payment succeeded; the instance that served them dies at once,
  // while the webhook for that payment is on its way.
  expect(await pay(started.sessionId!, started.clientSecret!)).toBe(true);
  await a.kill();

  const returned = await shopper.client.request(
    b.url,
    `/deliveries/checkout/return?session_id=${started.sessionId}`,
  );
  expect(returned.status).toBe(200);
  expect((await returned.text()).includes("Payment successful"), "B confirms the payment").toBe(true);
  await expect
    .poll(() => count('SELECT count(*) AS n FROM "Order" WHERE "userId" = $1', [shopper.id]))
    .toBe(1);
  const account = await (await shopper.client.request(b.url, "/account")).text();
  expect(account.includes("Grocery run"), "B's account page lists the order").toBe(true);
});
