import { readdirSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable, DEBIAN_CHROMIUM_ARGS } from "./e2e/support/chromium";
import { E2E_APP_URL, E2E_EXTERNAL_APP, E2E_SERVER_ENV, E2E_SERVERS } from "./e2e/support/servers";

const executablePath = chromiumExecutable();

// Each strategy's run keeps its own results, so both can run at once (scripts/test.sh).
const strategy = E2E_SERVER_ENV.SHARING_STRATEGY;

/**
 * The specs by what they prove. Only the flows go through the app's sharing strategy
 * (saved cards, customers, refunds, webhooks), so `npm test` runs them in both strategies
 * and each other group once, in one strategy's run (E2E_SPEC_GROUPS, comma-separated;
 * every group by default). The checkout page's own tests drive the emulator directly.
 */
const SPEC_GROUPS = {
  flows: [
    "account",
    "brand-view",
    "api",
    "checkout",
    "org",
    "org-events",
    "passkeys",
    "receipts",
    "under-the-hood",
    "webhooks",
  ],
  // The pages as a phone shows them, and the home page's picture: the same in every strategy.
  screens: ["phone", "screenshots"],
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
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The HTML report (with each failure's trace) is kept in CI too, where a CI system collects it.
  reporter: [["list"], ["html", { open: "never", outputFolder: `playwright-report/${strategy}` }]],
  use: {
    baseURL: E2E_APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: executablePath ? { executablePath, args: DEBIAN_CHROMIUM_ARGS } : {},
      },
    },
  ],
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
