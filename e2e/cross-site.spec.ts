import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { E2E_APP_PORT, E2E_APP_URL } from "./support/servers";

/**
 * A change is only made from the app's own pages: a browser states where a request
 * comes from (`Origin`, `Sec-Fetch-Site`), and every state-changing API route
 * refuses another origin, even a sibling on the same site whose forms carry the
 * app's SameSite=Lax cookies. The Stripe webhook is the exception: Stripe calls it
 * server to server, and its signature is what it is checked by.
 */
/** Another origin on the app's own site (same host, another port), as a sibling subdomain would be. */
const SIBLING_ORIGIN = `${new URL(E2E_APP_URL).protocol}//${new URL(E2E_APP_URL).hostname}:${E2E_APP_PORT + 1}`;
const admin = DEMO_USERS.find((user) => user.role === "admin")!;
const REFUSAL = {
  error: {
    code: "forbidden",
    message: `This request came from another site. Changes can only be made from ${E2E_APP_URL}.`,
  },
};

async function newCustomer(request: APIRequestContext): Promise<string> {
  const response = await request.post("/api/auth/signup", {
    data: { name: "Cross Site", email: uniqueEmail("cross-site"), password: "cross-site-password-1" },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { user: { id: string } }).user.id;
}

test("a form on a sibling site cannot start adding a card to a customer", async ({
  page,
  request,
  signIn,
}) => {
  const customer = await newCustomer(request);
  await signIn(admin);

  // Another origin on the same site (the app's host on another port), as a sibling
  // subdomain would be: the browser sends the admin's cookies with its form.
  const sibling = `${SIBLING_ORIGIN}/sibling-site`;
  await page.route(sibling, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><title>A sibling site</title>
        <main><form method="post" action="${E2E_APP_URL}/api/org/customers/${customer}/card-setups">
          <button>Claim your prize</button>
        </form></main></html>`,
    }),
  );
  await page.goto(sibling);
  const answer = page.waitForResponse((response) => response.url().endsWith("/card-setups"));
  await page.getByRole("button", { name: "Claim your prize" }).click();
  const response = await answer;
  expect(response.status()).toBe(403);
  expect(await response.json()).toEqual(REFUSAL);
  await page.goBack();
});

/** Every route file under app/api and the state-changing methods it exports. */
function stateChangingRoutes(): { path: string; method: string }[] {
  const root = path.join(process.cwd(), "app", "api");
  const routes: { path: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name === "route.ts") {
        const source = readFileSync(file, "utf8");
        const exported = [
          ...source.matchAll(/export (?:const|async function|function) (POST|PUT|PATCH|DELETE)\b/g),
          ...source.matchAll(/\bas (POST|PUT|PATCH|DELETE)\b/g),
        ].map((match) => match[1]!);
        const url = path
          .relative(path.join(process.cwd(), "app"), dir)
          .split(path.sep)
          .map((segment) =>
            segment.startsWith("[...") ? "signout" : segment.startsWith("[") ? "x" : segment,
          )
          .join("/");
        for (const method of new Set(exported)) routes.push({ path: `/${url}`, method });
      }
    }
  };
  walk(root);
  return routes;
}

test("every state-changing API route refuses a browser request from another origin", async ({
  playwright,
}) => {
  const caller = await playwright.request.newContext({ baseURL: E2E_APP_URL });
  const { csrfToken } = (await (await caller.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await caller.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: admin.email, password: admin.password, json: "true" },
    maxRedirects: 0,
  });
  const routes = stateChangingRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(10);

  const ways = {
    "another origin": { origin: "https://evil.example" },
    "a sibling origin on the same site": { origin: SIBLING_ORIGIN },
    "an opaque origin": { origin: "null" },
    "Sec-Fetch-Site: same-site": { "sec-fetch-site": "same-site" },
    "Sec-Fetch-Site: cross-site": { "sec-fetch-site": "cross-site" },
  };
  const unrefused: string[] = [];
  for (const route of routes) {
    for (const [way, headers] of Object.entries(ways)) {
      const response = await caller.fetch(route.path, {
        method: route.method,
        headers: { ...headers, "content-type": "application/json" },
        data: "{}",
        maxRedirects: 0,
      });
      const refused =
        response.status() === 403 && JSON.stringify(await response.json()) === JSON.stringify(REFUSAL);
      // Stripe's deliveries come from no browser: the webhook answers on its signature alone.
      const expected = route.path !== "/api/webhooks/stripe";
      if (refused !== expected)
        unrefused.push(`${route.method} ${route.path} from ${way}: ${response.status()}`);
    }
  }
  console.log(`cross-site: ${routes.length} state-changing routes × ${Object.keys(ways).length} origins`);
  expect(unrefused).toEqual([]);
  await caller.dispose();
});

test("the app's own origin, and clients that send no browser headers, still make changes", async ({
  request,
}) => {
  const customer = await newCustomer(request);
  const session = await request.get("/api/auth/csrf");
  expect(session.status()).toBe(200);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const signIn = await request.post("/api/auth/callback/credentials", {
    headers: { origin: E2E_APP_URL, "sec-fetch-site": "same-origin" },
    form: { csrfToken, email: admin.email, password: admin.password, json: "true" },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBeLessThan(400);
  const sameOrigin: Record<string, string>[] = [
    { origin: E2E_APP_URL },
    { "sec-fetch-site": "same-origin" },
    {},
  ];
  for (const [index, headers] of sameOrigin.entries()) {
    const response = await request.post(`/api/org/customers/${customer}/card-setups`, {
      headers,
      data: { submissionId: `same-origin-caller-${index}`, consent: "Agreed by phone" },
    });
    expect(response.status(), JSON.stringify(headers)).toBe(201);
  }
});
