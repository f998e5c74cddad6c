import type { BrowserContext } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { send } from "./support/raw-http";
import { E2E_APP_URL } from "./support/servers";

// Bad input of every shape, from anyone, must get a clear 4xx: never a 5xx, never a stack trace.
const REQUESTS_PER_ROUTE = 500;

function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const atoms = [
    null,
    true,
    0,
    -1,
    1.5,
    99,
    100,
    1e308,
    "",
    " ",
    "rides",
    "city-ride",
    "x".repeat(300),
    "<script>alert(1)</script>",
    "'; DROP TABLE User; --",
    "cs_test_nope",
    "a@b",
    "jenny@example.com",
    "\u0000",
    "💳",
    // A lone surrogate half (Stripe's client cannot encode it), control characters, separators.
    "Jenny \ud800",
    "\udfffRosen",
    "Jen\u0000ny",
    "bell\u0007",
    "\u001b[31mred",
    "line\nbreak\r",
    "tab\t\u007f\u0085\u2028",
  ] as const;
  const value = (depth = 0): unknown => {
    const roll = next();
    if (depth > 2 || roll < 0.5) return pick(atoms);
    if (roll < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const keys = [
      "brand",
      "lines",
      "productId",
      "quantity",
      "submissionId",
      "name",
      "email",
      "password",
      "phone",
      "address",
      "country",
      "offerSavedCards",
      "reason",
      "consent",
      "__proto__",
      "constructor",
    ];
    return Object.fromEntries(
      Array.from({ length: Math.floor(next() * 5) }, () => [pick(keys), value(depth + 1)]),
    );
  };
  const body = (): { data: string; type: string; chunked?: boolean } => {
    const roll = next();
    // Oversized, and streamed without a Content-Length: refused at the route's limit.
    if (roll < 0.03) return { data: " ".repeat(600 * 1024), type: "application/json", chunked: true };
    if (roll < 0.1) return { data: "{not json", type: "application/json" };
    if (roll < 0.15) return { data: "a=b&c=d", type: "application/x-www-form-urlencoded" };
    if (roll < 0.2) return { data: "", type: "application/json" };
    return { data: JSON.stringify(value()), type: "application/json" };
  };
  return { body };
}

/** Malformed percent-escapes (not UTF-8 once decoded) for dynamic segments. */
const MALFORMED = ["%ff", "%c3", "%E0%A4%A", "%80", "cs_%ff", "%"];

const NEXT_AUTH_POSTS = [
  "/api/auth/callback/credentials",
  "/api/auth/signin/credentials",
  "/api/auth/signout",
  "/api/auth/session",
  "/api/auth/%ff",
  "/api/auth/nope",
];

/** Pages with malformed segments, and sign-in destinations no form would send. */
const BAD_PAGES = [
  ...MALFORMED.map((segment) => `/${segment}`),
  ...MALFORMED.map((segment) => `/org/customers/${segment}`),
  ...MALFORMED.map((segment) => `/rides/checkout/return?session_id=${segment}`),
  ...MALFORMED.map((segment) => `/orders/${segment}`),
  ...MALFORMED.map((segment) => `/reset-password?token=${segment}`),
  "/reset-password?token=" + "a".repeat(5000),
  "/rides/%ff/checkout",
  ...[
    "%0A",
    "/%0D%0ASet-Cookie:%20x=1",
    "/%0A/evil.example",
    "/caf%C3%A9",
    "%ff",
    "/%E2%80%A8",
    "/\u2603",
    "https://evil.example",
    "//evil.example",
    "/%00",
  ].map((callbackUrl) => `/signin?callbackUrl=${callbackUrl}`),
];

/** What a stack trace looks like in a response body. */
const STACK_TRACE = /\n\s+at [\w.<>]+ \(|node_modules/;

/** Requests in flight per route: enough to keep the server busy, as real clients would. */
const IN_FLIGHT = 8;

/**
 * Who sends the requests: their session cookie, if any. Requests go out through
 * Node's own HTTP client, not the browser driver, so 500 of them cost the server's work only.
 */
interface Caller {
  cookie: string | null;
}

async function callerOf(context?: BrowserContext): Promise<Caller> {
  const cookies = context ? await context.cookies(E2E_APP_URL) : [];
  return { cookie: cookies.length ? cookies.map(({ name, value }) => `${name}=${value}`).join("; ") : null };
}

async function fuzz(
  caller: Caller,
  method: "POST" | "PUT" | "PATCH" | "GET" | "DELETE",
  url: (i: number) => string,
  seed: number,
) {
  const { body } = generator(seed);
  // Bodies are drawn up front, in order, so a seed always sends the same requests.
  const bodies = Array.from({ length: REQUESTS_PER_ROUTE }, () => body());
  const statuses = new Map<number, number>();
  // Checked once per route, not with an `expect` per request: Playwright records each
  // `expect` as a step, and thousands of them in one test cost it seconds of CPU.
  const problems: string[] = [];
  let nextIndex = 0;
  const sendInTurn = async () => {
    for (let i = nextIndex++; i < REQUESTS_PER_ROUTE; i = nextIndex++) {
      const { data, type, chunked } = bodies[i]!;
      const response = await send(url(i), {
        method,
        headers: { "content-type": type, ...(caller.cookie ? { cookie: caller.cookie } : {}) },
        ...(method === "GET" ? {} : { body: data, chunked }),
      });
      const request = `${method} ${url(i)} with ${data.slice(0, 120)}`;
      if (response.status >= 500) problems.push(`${request}: answered ${response.status}`);
      if (STACK_TRACE.test(response.body)) problems.push(`${request}: a stack trace in the body`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sendInTurn));
  expect(problems, `${method} requests answered with a 5xx or a stack trace`).toEqual([]);
  return Object.fromEntries([...statuses.entries()].sort());
}

test.describe("fuzzed bad requests", () => {
  test.setTimeout(180_000);

  test("as a visitor", async () => {
    const visitor = await callerOf();
    const results = {
      signup: await fuzz(visitor, "POST", () => "/api/auth/signup", 1),
      checkout: await fuzz(visitor, "POST", () => "/api/checkout/sessions", 2),
      webhook: await fuzz(visitor, "POST", () => "/api/webhooks/stripe", 3),
      // next-auth's own routes (no valid CSRF token: no sign-in is ever attempted).
      nextAuth: await fuzz(visitor, "POST", (i) => NEXT_AUTH_POSTS[i % NEXT_AUTH_POSTS.length]!, 14),
      pages: await fuzz(visitor, "GET", (i) => BAD_PAGES[i % BAD_PAGES.length]!, 15),
      malformedApi: await fuzz(
        visitor,
        "POST",
        (i) => `/api/org/customers/${MALFORMED[i % MALFORMED.length]}/refunds`,
        16,
      ),
    };
    console.log("fuzz (visitor):", JSON.stringify(results));
  });

  test("as a visitor who forgot a password", async () => {
    const visitor = await callerOf();
    const results = {
      request: await fuzz(visitor, "POST", () => "/api/password-reset", 19),
      confirm: await fuzz(visitor, "POST", () => "/api/password-reset/confirm", 20),
    };
    console.log("fuzz (password reset):", JSON.stringify(results));
  });

  test("as a signed-in shopper", async ({ page, signIn }) => {
    await signIn(DEMO_USERS[2]);
    const shopper = await callerOf(page.context());
    const ids = ["cs_test_nope", "%00", "..%2F..%2Fetc", "cs_" + "a".repeat(300), "' OR 1=1", ...MALFORMED];
    const results = {
      checkout: await fuzz(shopper, "POST", () => "/api/checkout/sessions", 4),
      status: await fuzz(shopper, "GET", (i) => `/api/checkout/sessions/${ids[i % ids.length]}`, 5),
      profile: await fuzz(shopper, "PATCH", () => "/api/account/profile", 6),
    };
    console.log("fuzz (shopper):", JSON.stringify(results));
  });

  test("as a shopper changing their own wallet", async ({ page, newShopper }) => {
    // A shopper of this test's own: a lucky valid body may switch a brand, and nobody else's.
    await newShopper("Fuzz Wallet");
    const caller = await callerOf(page.context());
    const brands = ["rides", "deliveries", "nope", "%00", "..%2F..%2Fetc", "x".repeat(300), ...MALFORMED];
    const cards = ["pm_nope", "card_nope", "pm_" + "a".repeat(300), "' OR 1=1", ...MALFORMED];
    const results = {
      brandChoices: await fuzz(
        caller,
        "PUT",
        (i) => `/api/account/wallet/brands/${brands[i % brands.length]}`,
        21,
      ),
      cards: await fuzz(caller, "DELETE", (i) => `/api/account/cards/${cards[i % cards.length]}`, 22),
    };
    console.log("fuzz (wallet):", JSON.stringify(results));
  });

  test("as an admin", async ({ page, signIn, request }) => {
    // Fuzzed bodies go to a fresh customer, so no lucky valid one can change a demo user.
    const signUp = await request.post("/api/auth/signup", {
      data: { name: "Fuzz Target", email: uniqueEmail("fuzz-target"), password: "fuzz-target-password-1" },
    });
    expect(signUp.status()).toBe(201);
    const target = ((await signUp.json()) as { user: { id: string } }).user.id;
    await signIn(DEMO_USERS[1]);
    const admin = await callerOf(page.context());
    const ids = [target, "nope", "%00", "..%2F..%2Fetc", "' OR 1=1", "x".repeat(300), ...MALFORMED];
    const searches = ["", "jenny", "%", "_", "' OR 1=1 --", "💳", "x".repeat(500)];
    const pages = ["1", "0", "-1", "abc", "1e308", "99999999999999999999"];
    const results = {
      customers: await fuzz(
        admin,
        "GET",
        (i) =>
          `/api/org/customers?search=${encodeURIComponent(searches[i % searches.length]!)}` +
          `&page=${pages[i % pages.length]}`,
        7,
      ),
      detail: await fuzz(admin, "GET", (i) => `/api/org/customers/${ids[i % ids.length]}`, 8),
      profile: await fuzz(admin, "PATCH", () => `/api/org/customers/${target}/profile`, 9),
      refunds: await fuzz(admin, "POST", (i) => `/api/org/customers/${ids[i % ids.length]}/refunds`, 10),
      cards: await fuzz(
        admin,
        "DELETE",
        (i) => `/api/org/customers/${target}/cards/${ids[i % ids.length]}`,
        11,
      ),
    };
    const setups = ["cs_test_nope", ...ids];
    Object.assign(results, {
      cardSetups: await fuzz(
        admin,
        "GET",
        (i) => `/api/org/customers/${target}/card-setups/${setups[i % setups.length]}`,
        12,
      ),
      cardSetupCancels: await fuzz(
        admin,
        "DELETE",
        (i) => `/api/org/customers/${target}/card-setups/${setups[i % setups.length]}`,
        13,
      ),
    });
    console.log("fuzz (admin):", JSON.stringify(results));
  });
});
