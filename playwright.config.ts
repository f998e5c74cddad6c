import { readdirSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable, DEBIAN_CHROMIUM_ARGS } from "./e2e/support/chromium";
import {
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_DATABASE_URL,
  E2E_EMULATOR_DATA,
  E2E_EMULATOR_PORT,
  E2E_EMULATOR_URL,
} from "./e2e/support/servers";
import {
  E2E_MAIL_DIRECTORY,
  E2E_MAIL_SMTP_PORT,
  E2E_MAIL_WEB_PORT,
  E2E_MAIL_WEB_URL,
} from "./e2e/support/mail-catcher";

const executablePath = chromiumExecutable();

// The suite runs against a production build (`npm run build` first) with its own
// database and emulator data, so it never touches the demo's.
const serverEnv = {
  NODE_ENV: "production",
  DATABASE_URL: E2E_DATABASE_URL,
  APP_URL: E2E_APP_URL,
  NEXTAUTH_URL: E2E_APP_URL,
  NEXTAUTH_SECRET: "e2e-only-secret-that-is-long-enough-0123456789",
  STRIPE_API_BASE: E2E_EMULATOR_URL,
  STRIPE_EMULATOR_PORT: String(E2E_EMULATOR_PORT),
  STRIPE_EMULATOR_DATA: E2E_EMULATOR_DATA,
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
  ENABLE_TEST_PAGES: "1",
  SHARING_STRATEGY: process.env.SHARING_STRATEGY ?? "organization",
  SMTP_URL: `smtp://127.0.0.1:${E2E_MAIL_SMTP_PORT}`,
};

// Each strategy's run keeps its own results, so both can run at once (scripts/test.sh).
const strategy = serverEnv.SHARING_STRATEGY;

/**
 * The specs by what they prove. Only the flows go through the app's sharing strategy
 * (saved cards, customers, refunds, webhooks), so `npm test` runs them in both strategies
 * and each other group once, in one strategy's run (E2E_SPEC_GROUPS, comma-separated;
 * every group by default). The checkout page's own tests drive the emulator directly.
 */
const SPEC_GROUPS = {
  flows: ["account", "api", "checkout", "org", "receipts", "screenshots", "webhooks"],
  "checkout-page": ["embedded-checkout"],
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
  reporter: process.env.CI
    ? [["list"]]
    : [["list"], ["html", { open: "never", outputFolder: `playwright-report/${strategy}` }]],
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
  webServer: [
    {
      // The mail catcher the app sends reset links and receipts to; tests read them from its API.
      command:
        `rm -rf ${E2E_MAIL_DIRECTORY} && npx maildev --silent --ip 127.0.0.1 --web-ip 127.0.0.1 ` +
        `--smtp ${E2E_MAIL_SMTP_PORT} --web ${E2E_MAIL_WEB_PORT} --mail-directory ${E2E_MAIL_DIRECTORY}`,
      url: `${E2E_MAIL_WEB_URL}/api/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Fresh emulator state for every run.
      command: `rm -f ${E2E_EMULATOR_DATA}* && npx stripe-emulator`,
      url: `${E2E_EMULATOR_URL}/_emulator/health`,
      env: serverEnv,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Fresh database (migrations + demo users) for every run.
      command: `npm run --silent db:reset && npm run --silent db:seed && npx next start --hostname 127.0.0.1 --port ${E2E_APP_PORT}`,
      url: `${E2E_APP_URL}/api/health`,
      env: serverEnv,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
