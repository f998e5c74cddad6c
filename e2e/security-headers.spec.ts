import { expect, test } from "./support/fixtures";
import { E2E_EMULATOR_URL, NEEDS_EMULATOR } from "./support/servers";

/**
 * What every page and API answer tells the browser: pages run only the scripts the
 * server gave this response's nonce (plus the app's own files and the configured
 * Stripe.js), may frame only Stripe's Checkout, and hold no powerful features;
 * API answers are never cached. (Every other spec runs with this policy on, and the
 * page fixture fails a test on any Content-Security-Policy violation.)
 */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

test(
  "pages send a nonce-based Content-Security-Policy that allows the configured Stripe.js",
  { tag: NEEDS_EMULATOR },
  async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ["/", "/rides", "/signin", "/%ff"]) {
      const response = await request.get(path);
      const policy = response.headers()["content-security-policy"] ?? "";
      const csp = directives(policy);
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? "";
      expect(nonce, path).not.toBe("");
      nonces.add(nonce);
      expect(csp.get("script-src"), path).toEqual(["'self'", `'nonce-${nonce}'`, E2E_EMULATOR_URL]);
      expect(csp.get("frame-src"), path).toEqual([E2E_EMULATOR_URL]);
      expect(csp.get("connect-src"), path).toEqual(["'self'", E2E_EMULATOR_URL]);
      expect(csp.get("object-src"), path).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors"), path).toEqual(["'self'"]);
      expect(csp.get("base-uri"), path).toEqual(["'self'"]);
      // Every script the page ships carries this response's nonce.
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);

      const permissions = response.headers()["permissions-policy"] ?? "";
      expect(permissions, path).toContain("camera=()");
      expect(permissions, path).toContain(`payment=(self "${E2E_EMULATOR_URL}")`);
      // Plain http here (APP_URL is http://): no Strict-Transport-Security.
      expect(response.headers()["strict-transport-security"], path).toBeUndefined();
    }
    expect(nonces.size, "a fresh nonce for every response").toBe(4);
  },
);

test("a script injected into a page without the nonce does not run", async ({ browser, baseURL }) => {
  // A context of its own: the violation this test provokes is the point, not a failure.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/rides");
  await expect(page.getByRole("heading", { name: "Rocket Rides" })).toBeVisible();
  const ran = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener("securitypolicyviolation", (event) => resolve(event.violatedDirective), {
        once: true,
      }),
    );
    const injected = document.createElement("script");
    injected.textContent = "window.__injected = true";
    // An inline script runs as it is added, or never: no waiting for it.
    document.body.append(injected);
    if ((window as { __injected?: boolean }).__injected === true) return { directive: null, ran: true };
    return { directive: await violation, ran: false };
  });
  expect(ran).toEqual({ directive: "script-src-elem", ran: false });
  await context.close();
});

test("API answers are never cached", async ({ request }) => {
  const answers = [
    await request.get("/api/health"),
    await request.get("/api/org/customers"),
    await request.post("/api/auth/signup", { data: {} }),
    await request.get("/api/auth/session"),
    await request.get("/api/org/customers/%ff"),
  ];
  for (const answer of answers) {
    expect(answer.headers()["content-type"], answer.url()).toContain("application/json");
    expect(answer.headers()["cache-control"], answer.url()).toContain("no-store");
  }
});
