import type { APIRequestContext } from "@playwright/test";
import { UNPRINTABLE_TEXT_MESSAGE } from "../lib/text";
import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { E2E_APP_URL } from "./support/servers";

/** Input no form would produce still gets a clear 4xx: never a 500. */
const admin = DEMO_USERS.find((user) => user.role === "admin")!;

async function signedIn(request: APIRequestContext, user: { email: string; password: string }) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
    maxRedirects: 0,
  });
}

async function newShopper(request: APIRequestContext, name = "Plain Name") {
  const email = uniqueEmail("bad-input");
  const password = "bad-input-password-1";
  const response = await request.post("/api/auth/signup", { data: { name, email, password } });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = ((await response.json()) as { user: { id: string } }).user;
  return { id, email, password };
}

const profile = (overrides: Record<string, unknown>) => ({
  name: "Plain Name",
  email: uniqueEmail("profile"),
  phone: null,
  address: {
    line1: "1 Market Street",
    line2: null,
    city: "San Francisco",
    state: "CA",
    postal_code: "94105",
    country: "US",
  },
  ...overrides,
});

// A lone half of a surrogate pair (no character at all), NUL, and other control characters.
const UNPRINTABLE = [
  "Jenny \ud800",
  "\udfffRosen",
  "Jen\u0000ny",
  "Jenny\u0007",
  "Jenny\u001b[31m",
  "Jen\u007fny",
];
const NAME_MESSAGE = UNPRINTABLE_TEXT_MESSAGE;

test.describe("names and profile fields", () => {
  test("sign-up refuses a name with control characters or a lone surrogate", async ({ request }) => {
    for (const name of UNPRINTABLE) {
      const response = await request.post("/api/auth/signup", {
        data: { name, email: uniqueEmail("unprintable"), password: "unprintable-password-1" },
      });
      expect(response.status(), JSON.stringify(name)).toBe(400);
      expect((await response.json()).error.fields, JSON.stringify(name)).toEqual({ name: [NAME_MESSAGE] });
    }
  });

  test("the shopper's profile refuses them in every text field, and a lone surrogate is no 500", async ({
    playwright,
  }) => {
    const shopper = await playwright.request.newContext({ baseURL: E2E_APP_URL });
    await signedIn(shopper, await newShopper(shopper));
    // A first checkout gives the shopper a Stripe customer, so a saved profile reaches Stripe.
    const checkout = await shopper.post("/api/checkout/sessions", {
      data: {
        brand: "rides",
        lines: [{ productId: "city-ride", quantity: 1 }],
        submissionId: crypto.randomUUID(),
      },
    });
    expect(checkout.status(), await checkout.text()).toBe(201);
    const base = profile({});
    const cases: [string, Record<string, unknown>][] = [
      ...UNPRINTABLE.map((name): [string, Record<string, unknown>] => ["name", { name }]),
      ["address.line1", { address: { ...base.address, line1: "1 Market\u0000Street" } }],
      ["address.line2", { address: { ...base.address, line2: "Suite \ud83d" } }],
      ["address.city", { address: { ...base.address, city: "San\nFrancisco" } }],
      ["address.state", { address: { ...base.address, state: "C\u0008A" } }],
      ["address.postal_code", { address: { ...base.address, postal_code: "94105\u0000" } }],
    ];
    for (const [field, change] of cases) {
      const response = await shopper.patch("/api/account/profile", { data: profile(change) });
      expect(response.status(), `${field}: ${JSON.stringify(change)}`).toBe(400);
      const body = await response.json();
      expect(Object.keys(body.error.fields), JSON.stringify(change)).toEqual([field]);
    }
    // The same profile with printable text saves (names from every script are welcome).
    const saved = await shopper.patch("/api/account/profile", {
      data: profile({ name: "Zoë Ødegård-李 💳" }),
    });
    expect(saved.status(), await saved.text()).toBe(200);
    await shopper.dispose();
  });

  test("an admin's edit of a customer's profile refuses a lone surrogate with a 400", async ({
    playwright,
  }) => {
    const caller = await playwright.request.newContext({ baseURL: E2E_APP_URL });
    const customer = await newShopper(caller);
    await signedIn(caller, admin);
    // Opening a card setup gives the customer a Stripe customer, so the edit reaches Stripe.
    const setup = await caller.post(`/api/org/customers/${customer.id}/card-setups`, {
      data: { submissionId: "bad-input-setup", consent: "Agreed by phone" },
    });
    expect(setup.status(), await setup.text()).toBe(201);
    const response = await caller.patch(`/api/org/customers/${customer.id}/profile`, {
      data: profile({ name: "Customer \udc00" }),
    });
    expect(response.status()).toBe(400);
    expect((await response.json()).error.fields).toEqual({ name: [NAME_MESSAGE] });
    await caller.dispose();
  });
});

test("next-auth's routes answer a malformed JSON body with 400", async ({ request }) => {
  for (const path of [
    "/api/auth/callback/credentials",
    "/api/auth/signout",
    "/api/auth/session",
    "/api/auth/nope",
  ]) {
    const response = await request.post(path, {
      headers: { "content-type": "application/json" },
      data: Buffer.from("{not json"),
      maxRedirects: 0,
    });
    expect(response.status(), path).toBe(400);
    expect(await response.json(), path).toEqual({
      error: { code: "bad_request", message: "The request body is not valid JSON." },
    });
  }
});

test.describe("malformed percent-encoding in a path", () => {
  test("API routes answer 404 JSON", async ({ playwright }) => {
    const caller = await playwright.request.newContext({ baseURL: E2E_APP_URL });
    await signedIn(caller, admin);
    const paths: [string, string][] = [
      ["GET", "/api/org/customers/%ff"],
      ["GET", "/api/checkout/sessions/%ff"],
      ["GET", "/api/checkout/sessions/cs_%E0%A4%A"],
      ["POST", "/api/org/customers/%ff/refunds"],
      ["POST", "/api/org/customers/%c3/card-setups"],
      ["PATCH", "/api/org/customers/%ff/profile"],
      ["DELETE", "/api/org/customers/x/cards/%ff"],
      ["GET", "/api/org/customers/x/card-setups/%80"],
      ["GET", "/api/auth/%ff"],
      ["GET", "/api/%ff"],
    ];
    for (const [method, path] of paths) {
      const response = await caller.fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        ...(method === "GET" ? {} : { data: "{}" }),
      });
      expect(response.status(), `${method} ${path}`).toBe(404);
      expect(await response.json(), `${method} ${path}`).toEqual({
        error: { code: "not_found", message: "There is nothing at this address." },
      });
    }
    await caller.dispose();
  });

  test("pages show the not-found page", async ({ page, signIn }) => {
    await signIn(admin);
    for (const path of [
      "/%ff",
      "/org/customers/%ff",
      "/rides/%ff/return",
      "/%E2%82",
      "/rides/checkout/%ff",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "We couldn’t find that page" }), path).toBeVisible();
    }
  });
});
