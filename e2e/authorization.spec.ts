import type { APIRequestContext, APIResponse } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";
import { E2E_APP_URL, E2E_EMULATOR_URL } from "./support/servers";
import { expect, test, uniqueEmail } from "./support/fixtures";

/**
 * Every route × every kind of caller. Mutations are sent with a body that fails
 * validation, so an allowed caller gets 400 (it got past the guard, nothing
 * changes) and a refused one its 401/403/404: the guard is tested, no data moves.
 */
type Role = "visitor" | "shopper" | "other" | "admin";
const ROLES: Role[] = ["visitor", "shopper", "other", "admin"];

/** What a caller should get: a status, a redirect to sign-in, or a redirect elsewhere. */
type Expected = number | "sign-in" | "redirect";

interface Route {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (ids: Ids) => string;
  body?: string;
  expect: Record<Role, Expected>;
}

interface Ids {
  /** The shopper's own checkout session. */
  session: string;
  /** The shopper's user id (an org customer). */
  shopper: string;
  /** The shopper's order, from that session once paid. */
  order: string;
}

const INVALID = JSON.stringify({ unexpected: true });
const page = (visitor: Expected, shopper: Expected, other: Expected, admin: Expected) => ({
  visitor,
  shopper,
  other,
  admin,
});

const ROUTES: Route[] = [
  // Public pages.
  { name: "home", method: "GET", path: () => "/", expect: page(200, 200, 200, 200) },
  { name: "storefront", method: "GET", path: () => "/rides", expect: page(200, 200, 200, 200) },
  // Someone already signed in is sent on instead of being shown the forms again.
  {
    name: "sign-in page",
    method: "GET",
    path: () => "/signin",
    expect: page(200, "redirect", "redirect", "redirect"),
  },
  {
    name: "sign-up page",
    method: "GET",
    path: () => "/signup",
    expect: page(200, "redirect", "redirect", "redirect"),
  },
  {
    name: "forgot-password page",
    method: "GET",
    path: () => "/forgot-password",
    expect: page(200, 200, 200, 200),
  },
  {
    name: "reset-password page (an unknown link)",
    method: "GET",
    path: () => "/reset-password?token=not-a-token",
    expect: page(200, 200, 200, 200),
  },
  // Signed-in pages.
  {
    name: "checkout page",
    method: "GET",
    path: () => "/rides/checkout",
    expect: page("sign-in", 200, 200, 200),
  },
  { name: "account page", method: "GET", path: () => "/account", expect: page("sign-in", 200, 200, 200) },
  {
    name: "what each brand sees",
    method: "GET",
    path: () => "/account/brands",
    // Each caller sees only their own customer: the page takes no id to ask for someone else's.
    expect: page("sign-in", 200, 200, 200),
  },
  {
    name: "return page of the shopper's session",
    method: "GET",
    path: (ids) => `/rides/checkout/return?session_id=${ids.session}`,
    // Another shopper (even an admin) cannot learn that the session exists.
    expect: page("sign-in", 200, 404, 404),
  },
  {
    name: "receipt of the shopper's order",
    method: "GET",
    path: (ids) => `/orders/${ids.order}`,
    // Nobody else, an admin included, can learn that the order exists.
    expect: page("sign-in", 200, 404, 404),
  },
  // Admin pages.
  { name: "org customers", method: "GET", path: () => "/org", expect: page("sign-in", 403, 403, 200) },
  { name: "org event log", method: "GET", path: () => "/org/events", expect: page("sign-in", 403, 403, 200) },
  {
    name: "org customer page",
    method: "GET",
    path: (ids) => `/org/customers/${ids.shopper}`,
    expect: page("sign-in", 403, 403, 200),
  },
  // Public APIs.
  { name: "health", method: "GET", path: () => "/api/health", expect: page(200, 200, 200, 200) },
  {
    name: "sign-up API",
    method: "POST",
    path: () => "/api/auth/signup",
    body: INVALID,
    expect: page(400, 400, 400, 400),
  },
  {
    name: "ask for a password reset link",
    method: "POST",
    path: () => "/api/password-reset",
    body: INVALID,
    expect: page(400, 400, 400, 400),
  },
  {
    name: "set a password from a reset link",
    method: "POST",
    path: () => "/api/password-reset/confirm",
    body: INVALID,
    expect: page(400, 400, 400, 400),
  },
  {
    name: "webhook (no signature)",
    method: "POST",
    path: () => "/api/webhooks/stripe",
    body: INVALID,
    expect: page(400, 400, 400, 400),
  },
  // Shopper APIs.
  {
    name: "create checkout session",
    method: "POST",
    path: () => "/api/checkout/sessions",
    body: INVALID,
    expect: page(401, 400, 400, 400),
  },
  {
    name: "session status",
    method: "GET",
    path: (ids) => `/api/checkout/sessions/${ids.session}`,
    expect: page(401, 200, 404, 404),
  },
  {
    name: "update own profile",
    method: "PATCH",
    path: () => "/api/account/profile",
    body: INVALID,
    expect: page(401, 400, 400, 400),
  },
  {
    name: "let a brand offer (or not) own saved cards",
    method: "PUT",
    path: () => "/api/account/wallet/brands/deliveries",
    body: INVALID,
    expect: page(401, 400, 400, 400),
  },
  {
    name: "remove own saved card",
    method: "DELETE",
    // Nobody's card, the shopper's own included: a 404 for everyone signed in, and nothing moves.
    path: () => "/api/account/cards/pm_not_this_customers",
    expect: page(401, 404, 404, 404),
  },
  // Admin APIs.
  {
    name: "list customers",
    method: "GET",
    path: () => "/api/org/customers",
    expect: page(401, 403, 403, 200),
  },
  {
    name: "customer detail",
    method: "GET",
    path: (ids) => `/api/org/customers/${ids.shopper}`,
    expect: page(401, 403, 403, 200),
  },
  {
    name: "edit a customer's profile",
    method: "PATCH",
    path: (ids) => `/api/org/customers/${ids.shopper}/profile`,
    body: INVALID,
    expect: page(401, 403, 403, 400),
  },
  {
    name: "refund",
    method: "POST",
    path: (ids) => `/api/org/customers/${ids.shopper}/refunds`,
    body: INVALID,
    expect: page(401, 403, 403, 400),
  },
  {
    name: "remove a card",
    method: "DELETE",
    path: (ids) => `/api/org/customers/${ids.shopper}/cards/pm_not_this_customers`,
    expect: page(401, 403, 403, 404),
  },
  {
    name: "start adding a card",
    method: "POST",
    path: (ids) => `/api/org/customers/${ids.shopper}/card-setups`,
    body: INVALID,
    expect: page(401, 403, 403, 400),
  },
  {
    name: "cancel a card setup",
    method: "DELETE",
    path: (ids) => `/api/org/customers/${ids.shopper}/card-setups/cs_not_this_customers`,
    expect: page(401, 403, 403, 404),
  },
  {
    name: "read a card setup",
    method: "GET",
    path: (ids) => `/api/org/customers/${ids.shopper}/card-setups/cs_not_this_customers`,
    expect: page(401, 403, 403, 404),
  },
];

async function signUp(request: APIRequestContext, email: string, password: string) {
  const response = await request.post("/api/auth/signup", {
    data: { name: "Matrix Shopper", email, password },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { user: { id: string } }).user.id;
}

async function signIn(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email, `signed in as ${email}`).toBe(email);
}

function outcome(response: APIResponse): Expected {
  const location = response.headers()["location"] ?? "";
  if (response.status() < 300 || response.status() >= 400) return response.status();
  return location.includes("/signin?callbackUrl=") ? "sign-in" : "redirect";
}

test("the authorization matrix holds for every route and every kind of caller", async ({ playwright }) => {
  const callers = Object.fromEntries(
    await Promise.all(
      ROLES.map(
        async (role) => [role, await playwright.request.newContext({ baseURL: E2E_APP_URL })] as const,
      ),
    ),
  ) as Record<Role, APIRequestContext>;
  const password = "matrix-password-0123";
  const shopperEmail = uniqueEmail("matrix-shopper");
  const otherEmail = uniqueEmail("matrix-other");
  const shopper = await signUp(callers.shopper, shopperEmail, password);
  await signUp(callers.other, otherEmail, password);
  await signIn(callers.shopper, shopperEmail, password);
  await signIn(callers.other, otherEmail, password);
  const admin = DEMO_USERS.find((user) => user.role === "admin")!;
  await signIn(callers.admin, admin.email, admin.password);

  const created = await callers.shopper.post("/api/checkout/sessions", {
    data: {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: crypto.randomUUID(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { clientSecret } = (await created.json()) as { clientSecret: string };
  // A client secret is the session id and its secret part, as Stripe's are.
  const session = clientSecret.split("_secret_")[0] ?? "";
  expect(session).toMatch(/^cs_/);
  // Paid through the emulator's own checkout route; the status read records the order.
  const paid = await callers.shopper.post(
    `${E2E_EMULATOR_URL}/_emulator/checkout/sessions/${session}/confirm`,
    {
      data: {
        client_secret: clientSecret,
        email: shopperEmail,
        card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123", country: "US" },
      },
    },
  );
  expect(paid.status(), await paid.text()).toBe(200);
  const status = await callers.shopper.get(`/api/checkout/sessions/${session}`);
  const { orderId } = (await status.json()) as { orderId: string | null };
  expect(orderId, "the paid session's order").toBeTruthy();
  const ids: Ids = { session, shopper, order: orderId ?? "" };

  const mismatches: string[] = [];
  let checked = 0;
  for (const route of ROUTES) {
    for (const role of ROLES) {
      const response = await callers[role].fetch(route.path(ids), {
        method: route.method,
        maxRedirects: 0,
        ...(route.body ? { data: route.body, headers: { "content-type": "application/json" } } : {}),
      });
      checked++;
      const got = outcome(response);
      if (got !== route.expect[role]) {
        mismatches.push(`${role} ${route.method} ${route.name}: expected ${route.expect[role]}, got ${got}`);
      }
    }
  }
  console.log(`authorization matrix: ${checked - mismatches.length}/${checked} enforced`);
  expect(mismatches).toEqual([]);
  await Promise.all(Object.values(callers).map((caller) => caller.dispose()));
});
