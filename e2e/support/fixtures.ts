import { writeFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { EmbeddedCheckoutPage } from "../pages/embedded-checkout";
import { AccountPage } from "../pages/account-page";
import { CheckoutPage } from "../pages/checkout-page";
import { Header } from "../pages/header";
import { OrderConfirmationPage } from "../pages/order-confirmation-page";
import { OrgCustomerPage } from "../pages/org-customer-page";
import { OrgCustomersPage } from "../pages/org-customers-page";
import { SignInPage } from "../pages/sign-in-page";
import { SignUpPage } from "../pages/sign-up-page";
import { StorefrontPage } from "../pages/storefront-page";
import { EmulatorControl } from "./emulator";
import { holdAlone, holdShared } from "./emulator-lock";
import { E2E_EMULATOR_URL, E2E_EXTERNAL_APP, E2E_MAIL_WEB_URL, RUNS_ALONE } from "./servers";

/** What this worker has scanned, by page kind and state. */
const scannedThisRun = new Set<string>();
/** Page states another worker, or another run of the same suite, claimed first (see `claimScan`). */
const scannedElsewhere = new Set<string>();

/**
 * Whether this worker scans a page state. The workers of a run share E2E_SHARED_SCANS_DIR
 * (playwright.config.ts), and `npm test` gives both strategies' runs the same one: the first
 * to reach a state claims it (an exclusive file create), so each is scanned once per suite.
 */
function claimScan(key: string): boolean {
  if (scannedThisRun.has(key) || scannedElsewhere.has(key)) return false;
  const shared = process.env.E2E_SHARED_SCANS_DIR;
  if (shared) {
    try {
      writeFileSync(join(shared, encodeURIComponent(key)), "", { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      scannedElsewhere.add(key);
      return false;
    }
  }
  scannedThisRun.add(key);
  return true;
}

/**
 * The page a URL shows, whoever it is for: ids in the path become ":id", the query
 * is dropped. Brand slugs stay (each brand has its own colours to check).
 */
function pageKind(url: URL): string {
  return url.pathname
    .split("/")
    .map((segment) => (/^(c[a-z0-9]{20,}|[a-z]{2,5}_[A-Za-z0-9_]{8,})$/.test(segment) ? ":id" : segment))
    .join("/");
}

/**
 * Scans a page with axe and fails on serious or critical violations. Each kind of
 * page is scanned once per run in each state a test names (a form showing its
 * errors, a dialog, saved cards in the checkout): page objects call it after they
 * navigate, and the fixture scans wherever a test ends up.
 */
export class Accessibility {
  constructor(private readonly page: Page) {}

  async check(state = "loaded"): Promise<void> {
    const url = new URL(this.page.url());
    const key = `${pageKind(url)}#${state}`;
    if (url.protocol === "about:" || !claimScan(key)) return;
    await this.page.waitForLoadState("domcontentloaded");
    // Next streams a page's metadata after its content, and a refresh replaces the <title>:
    // give it a moment to arrive, so axe judges the page as it settles (a page that never
    // gets a title still fails below).
    await this.page
      .waitForFunction(() => document.title !== "", undefined, { timeout: 3_000 })
      .catch(() => undefined);
    const builder = new AxeBuilder({ page: this.page });
    // By default axe combines the frames' results in a blank page it opens for each scan, which
    // only a cross-origin frame (the embedded Checkout) needs: its legacy mode tests the page and
    // its same-origin frames alone, with the same results at half the cost of a scan.
    if (!this.hasCrossOriginFrame()) builder.setLegacyMode(true);
    const results = await builder.analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }));
    expect(blocking, `accessibility violations on ${url.pathname}`).toEqual([]);
  }

  private hasCrossOriginFrame(): boolean {
    const { origin } = new URL(this.page.url());
    return this.page
      .frames()
      .some((frame) => /^https?:/.test(frame.url()) && new URL(frame.url()).origin !== origin);
  }
}

/** Someone who can sign in: a demo user, or a shopper a test made for itself. */
export interface Person {
  name: string;
  email: string;
  password: string;
}

/**
 * A new shopper of the caller's own, made through the sign-up API (not signed in): tests
 * that buy or change a profile each have theirs, so they can run side by side.
 */
export async function createShopper(request: APIRequestContext, name: string): Promise<Person> {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, "-");
  const shopper = { name, email: uniqueEmail(slug), password: `${slug}-rocket-lantern-${Date.now() % 997}` };
  const created = await request.post("/api/auth/signup", { data: shopper });
  expect(created.status(), `sign-up of ${shopper.email}: ${await created.text()}`).toBe(201);
  return shopper;
}

/**
 * Signs a browser (its context's `request`) in through next-auth's credentials endpoint, as the
 * sign-in form does, without loading the form: for tests about something other than signing in.
 */
export async function signInThroughApi(request: APIRequestContext, person: Person): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: person.email, password: person.password, callbackUrl: "/", json: "true" },
  });
  expect(response.ok(), `sign-in of ${person.email}: ${response.status()}`).toBe(true);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email, `signed in as ${person.email}`).toBe(person.email.toLowerCase());
}

/**
 * What no page may do in any test: break the Content-Security-Policy (it is on in every test),
 * get a Permissions-Policy the browser cannot read, or throw. A React hydration error throws
 * (the server and the browser computed different text), and React then renders the page again
 * from scratch, losing whatever a shopper had typed into it.
 */
export function watchForPageFaults(context: BrowserContext): { expectNone(): void } {
  const violations: string[] = [];
  const errors: string[] = [];
  context.on("console", (message) => {
    if (/Content Security Policy|Permissions-Policy header/i.test(message.text())) {
      violations.push(`${message.location().url}: ${message.text()}`);
    }
  });
  context.on("weberror", (error) =>
    errors.push(`${error.page()?.url() ?? "a page"}: ${error.error().message}`),
  );
  return {
    expectNone() {
      expect(violations, "Content-Security-Policy violations and Permissions-Policy errors").toEqual([]);
      expect(errors, "errors thrown in a page").toEqual([]);
    },
  };
}

type Fixtures = {
  a11y: Accessibility;
  /** Signs the test's browser in as `person`, through the API (sign-in itself is auth.spec's subject). */
  signIn: (person: Person) => Promise<void>;
  /** A shopper of the test's own, signed in in the test's browser unless `signIn: false`. */
  newShopper: (name: string, options?: { signIn?: boolean }) => Promise<Person>;
  /** The emulator's control API: faults, latency, webhooks on demand (tag the test @emulator). */
  emulator: EmulatorControl;
  accountPage: AccountPage;
  checkoutPage: CheckoutPage;
  confirmationPage: OrderConfirmationPage;
  storefront: StorefrontPage;
  header: Header;
  signInPage: SignInPage;
  signUpPage: SignUpPage;
  embeddedCheckout: EmbeddedCheckoutPage;
  orgCustomersPage: OrgCustomersPage;
  orgCustomerPage: OrgCustomerPage;
};

/**
 * The test tools a deployment may not have, by the tag of the tests that need them, and where
 * each answers: the suite's own always should; a deployment may have none (real Stripe test
 * mode, or no mail catcher).
 */
const TOOLS = {
  "@emulator": {
    name: "the emulator's API",
    health: `${E2E_EMULATOR_URL}/_emulator/health`,
    setting: "E2E_EMULATOR_URL",
  },
  "@mail-catcher": {
    name: "the mail catcher",
    health: `${E2E_MAIL_WEB_URL}/api/healthz`,
    setting: "E2E_MAIL_URL",
  },
} as const;
type ToolTag = keyof typeof TOOLS;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).ok;
  } catch {
    return false;
  }
}

export const test = base.extend<
  Fixtures & { toolGuard: void; emulatorHold: void },
  { accessibilityReport: void; toolsReachable: Record<ToolTag, boolean> }
>({
  // Asked once per worker, and said once, so a run against a deployment states what it left out.
  toolsReachable: [
    async ({}, use) => {
      const reachable = {} as Record<ToolTag, boolean>;
      for (const [tag, tool] of Object.entries(TOOLS) as [ToolTag, (typeof TOOLS)[ToolTag]][]) {
        reachable[tag] = await answers(tool.health);
        if (!reachable[tag] && E2E_EXTERNAL_APP) {
          console.log(
            `${tool.name} does not answer at ${tool.health}, so the tests tagged ${tag} are skipped ` +
              `(set ${tool.setting} to the deployment's to run them)`,
          );
        }
      }
      await use(reachable);
    },
    { scope: "worker" },
  ],
  // Tests tagged @emulator / @mail-catcher need that tool: skipped, with the reason, when a deployment has none.
  toolGuard: [
    async ({ toolsReachable }, use, testInfo) => {
      for (const [tag, tool] of Object.entries(TOOLS) as [ToolTag, (typeof TOOLS)[ToolTag]][]) {
        if (!testInfo.tags.includes(tag) || toolsReachable[tag]) continue;
        if (!E2E_EXTERNAL_APP)
          throw new Error(`the suite's own ${tool.name} does not answer at ${tool.health}`);
        testInfo.skip(true, `needs ${tool.name} at ${tool.health}, which does not answer`);
      }
      await use();
    },
    { auto: true },
  ],
  // Side by side with the other workers' tests, or alone for a test that stops Stripe for everyone.
  emulatorHold: [
    async ({}, use, testInfo) => {
      const holder = `${process.pid}-${testInfo.testId}`;
      const release = testInfo.tags.includes(RUNS_ALONE) ? await holdAlone(holder) : await holdShared(holder);
      try {
        await use();
      } finally {
        release();
      }
    },
    // Waiting for the others (a long test in another worker) is not the test's own time.
    { auto: true, timeout: 10 * 60_000 },
  ],
  // Printed once per run: how many page kinds × states axe scanned (each failing scan fails its test).
  accessibilityReport: [
    async ({}, use) => {
      await use();
      const states = [...scannedThisRun].sort().join(", ");
      const elsewhere = scannedElsewhere.size
        ? ` (${scannedElsewhere.size} more left to another worker or run)`
        : "";
      console.log(
        `accessibility: ${scannedThisRun.size} page states scanned with axe${elsewhere}: ${states}`,
      );
    },
    { scope: "worker", auto: true },
  ],
  page: async ({ page }, use) => {
    const faults = watchForPageFaults(page.context());
    await use(page);
    faults.expectNone();
  },
  a11y: async ({ page }, use) => {
    const a11y = new Accessibility(page);
    await use(a11y);
    await a11y.check();
  },
  emulator: async ({ playwright }, use, testInfo) => {
    if (!testInfo.tags.includes("@emulator")) {
      throw new Error("a test that uses the emulator fixture is tagged @emulator (NEEDS_EMULATOR)");
    }
    const request = await playwright.request.newContext();
    const emulator = new EmulatorControl(request);
    try {
      await use(emulator);
    } finally {
      // A fault left behind would fail every later test in the run.
      await emulator.clearFaults();
      await request.dispose();
    }
  },
  signIn: async ({ page }, use) => use((person) => signInThroughApi(page.request, person)),
  newShopper: async ({ page }, use) =>
    use(async (name, { signIn = true } = {}) => {
      const shopper = await createShopper(page.request, name);
      if (signIn) await signInThroughApi(page.request, shopper);
      return shopper;
    }),
  header: async ({ page }, use) => use(new Header(page)),
  accountPage: async ({ page, a11y }, use) => use(new AccountPage(page, a11y)),
  checkoutPage: async ({ page, a11y }, use) => use(new CheckoutPage(page, a11y)),
  confirmationPage: async ({ page, a11y }, use) => use(new OrderConfirmationPage(page, a11y)),
  storefront: async ({ page, a11y }, use) => use(new StorefrontPage(page, a11y)),
  signInPage: async ({ page, a11y }, use) => use(new SignInPage(page, a11y)),
  signUpPage: async ({ page, a11y }, use) => use(new SignUpPage(page, a11y)),
  embeddedCheckout: async ({ page, a11y }, use) => use(new EmbeddedCheckoutPage(page, a11y)),
  orgCustomersPage: async ({ page, a11y }, use) => use(new OrgCustomersPage(page, a11y)),
  orgCustomerPage: async ({ page, a11y }, use) => use(new OrgCustomerPage(page, a11y)),
});

export { expect };

/** A unique address per run, so sign-up tests never collide with earlier runs. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
}

/**
 * How long one look at a page waits, inside a loop that reloads it until a webhook's change
 * shows: a page rendered before the change never shows it, so waiting longer only delays
 * the reload.
 */
export const RELOAD_AFTER = 1_000;
