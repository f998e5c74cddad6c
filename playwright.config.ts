import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable, DEBIAN_CHROMIUM_ARGS } from "./e2e/support/chromium";
import { resetEmulatorLock } from "./e2e/support/emulator-lock";
import { E2E_APP_URL, E2E_EXTERNAL_APP, E2E_SERVER_ENV, E2E_SERVERS } from "./e2e/support/servers";

const executablePath = chromiumExecutable();
const browser = {
  ...devices["Desktop Chrome"],
  launchOptions: executablePath ? { executablePath, args: DEBIAN_CHROMIUM_ARGS } : {},
};
// One worker by default: on our 2-core machines `npm test` already runs two strategies' suites
// side by side, and two workers each made both slower (the browsers saturate the cores).
const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 1);

// Each strategy's run keeps its own results, so both can run at once (scripts/test.sh).
const strategy = E2E_SERVER_ENV.SHARING_STRATEGY;

// The workers of a run share which page states axe scanned, so each is scanned once per run
// (scripts/test.sh gives both strategies' runs one directory). Set here, before the workers
// start, they inherit it.
if (!process.env.E2E_SHARED_SCANS_DIR) {
  process.env.E2E_SHARED_SCANS_DIR = `test-results/accessibility-scans-${strategy}`;
  rmSync(process.env.E2E_SHARED_SCANS_DIR, { recursive: true, force: true });
  mkdirSync(process.env.E2E_SHARED_SCANS_DIR, { recursive: true });
}
// The workers' holds on the emulator (e2e/support/emulator-lock.ts), new for each run.
if (!process.env.E2E_EMULATOR_LOCK_DIR) {
  process.env.E2E_EMULATOR_LOCK_DIR = `test-results/emulator-lock-${strategy}`;
  resetEmulatorLock(process.env.E2E_EMULATOR_LOCK_DIR);
}

/**
 * The specs by what they prove. Only the flows depend on the app's sharing strategy
 * (saved cards, customers, refunds), so `npm test` runs them in both strategies
 * and each other group once, in one strategy's run (E2E_SPEC_GROUPS, comma-separated;
 * every group by default). The checkout page's own tests drive the emulator directly.
 */
const SPEC_GROUPS = {
  // What a sharing strategy changes: saved cards across brands, customers, profiles, refunds.
  flows: ["account", "brand-view", "checkout", "org", "org-events", "under-the-hood", "wallet"],
  // Journeys that buy, but whose subject is the same in every strategy (a passkey sign-in, a
  // receipt, an order paid by its webhook alone, the JSON API): the flows above prove the
  // purchase itself in each strategy.
  journeys: ["api", "passkeys", "receipts", "webhooks"],
  // The pages as a phone shows them, what a page view loads, and the home page's picture: the
  // same in every strategy.
  screens: ["navigation", "phone", "screenshots"],
  "checkout-page": ["embedded-checkout", "emulator-dashboard"],
  access: ["auth", "authorization", "cross-site", "password-reset", "security-headers"],
  "hostile-input": ["bad-input", "fuzz", "request-bodies"],
} as const;
type SpecGroup = keyof typeof SPEC_GROUPS;

// A spec in no group would never run: refuse to start instead.
const ungrouped = readdirSync("e2e")
  .filter((file) => file.endsWith(".spec.ts"))
  .filter(
    (file) => !Object.values(SPEC_GROUPS).some((specs) => specs.some((spec) => `${spec}.spec.ts` === file)),
  );
if (ungrouped.length)
  throw new Error(`e2e specs in no group of playwright.config.ts: ${ungrouped.join(", ")}`);

function specsOf(groups: string | undefined): string[] {
  const names = (groups ?? Object.keys(SPEC_GROUPS).join(",")).split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(name in SPEC_GROUPS));
  if (unknown.length) {
    throw new Error(
      `E2E_SPEC_GROUPS: unknown ${unknown.join(", ")} (known: ${Object.keys(SPEC_GROUPS).join(", ")})`,
    );
  }
  return names.flatMap((name) => SPEC_GROUPS[name as SpecGroup].map((spec) => `${spec}.spec.ts`));
}

export default defineConfig({
  testDir: "./e2e",
  testMatch: specsOf(process.env.E2E_SPEC_GROUPS),
  // The two-instance test has its own config (e2e/instances/playwright.config.ts).
  testIgnore: "instances/**",
  outputDir: `test-results/${strategy}`,
  // Each test has its own shopper, so spec files run side by side (a file's tests in order,
  // in one worker; a test tagged RUNS_ALONE waits for the emulator to itself) with
  // E2E_WORKERS > 1, where a machine has the cores for it.
  fullyParallel: false,
  workers: E2E_WORKERS,
  forbidOnly: !!process.env.CI,
  // A failed test runs once more, recording a trace (tracing every passing test cost a tenth
  // of the suite's CPU); a test that passes only on its second run still fails the run.
  retries: 1,
  failOnFlakyTests: true,
  // The HTML report (with each failure's trace) is kept in CI too, where a CI system collects it.
  reporter: [["list"], ["html", { open: "never", outputFolder: `playwright-report/${strategy}` }]],
  use: {
    baseURL: E2E_APP_URL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [{ name: "chromium", use: browser }],
  // Against a running deployment (E2E_BASE_URL) the suite starts nothing.
  webServer: E2E_EXTERNAL_APP
    ? []
    : E2E_SERVERS.map(({ command, url, timeout }) => ({
        command,
        url,
        env: E2E_SERVER_ENV,
        reuseExistingServer: false,
        timeout,
      })),
});
