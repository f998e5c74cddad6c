/**
 * Where the e2e suite finds the app and the Stripe emulator. By default it starts both
 * itself (see playwright.config.ts) on E2E_APP_PORT / E2E_EMULATOR_PORT; with
 * E2E_BASE_URL it runs against an app that is already running (a demo, a staging
 * deployment) and starts nothing. E2E_EMULATOR_URL names that deployment's emulator,
 * when it has one: tests tagged @emulator (they read or drive the emulator directly)
 * run only when it answers.
 */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 12121);
const withoutSlash = (url: string) => url.replace(/\/+$/, "");
/** Set: the suite runs against servers it did not start. */
export const E2E_EXTERNAL_APP = process.env.E2E_BASE_URL ? withoutSlash(process.env.E2E_BASE_URL) : null;
// A host name, not 127.0.0.1: browsers refuse passkeys (WebAuthn) on an IP address.
export const E2E_APP_URL = E2E_EXTERNAL_APP ?? `http://localhost:${E2E_APP_PORT}`;
export const E2E_EMULATOR_URL = process.env.E2E_EMULATOR_URL
  ? withoutSlash(process.env.E2E_EMULATOR_URL)
  : `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
// Per port, so two runs side by side (different E2E_*_PORT) never share state.
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? `file:./.data/e2e-${E2E_APP_PORT}.db`;
export const E2E_EMULATOR_DATA = `.data/e2e-emulator-${E2E_EMULATOR_PORT}.sqlite`;

// The local mail catcher (maildev) the app sends reset links and receipts to. Ports follow the
// app's (app 3100 → SMTP 1125, web 1180), so two suites side by side each have their own.
const mailOffset = E2E_APP_PORT >= 3000 && E2E_APP_PORT < 4000 ? E2E_APP_PORT - 3000 : 100;
export const E2E_MAIL_SMTP_PORT = Number(process.env.E2E_MAIL_SMTP_PORT ?? 1025 + mailOffset);
const E2E_MAIL_WEB_PORT = Number(process.env.E2E_MAIL_WEB_PORT ?? 1080 + mailOffset);
/** The catcher's web page and HTTP API; E2E_MAIL_URL names a deployment's, if it has one. */
export const E2E_MAIL_WEB_URL = process.env.E2E_MAIL_URL
  ? withoutSlash(process.env.E2E_MAIL_URL)
  : `http://127.0.0.1:${E2E_MAIL_WEB_PORT}`;
const E2E_MAIL_DIRECTORY = `.data/e2e-mail-${E2E_MAIL_SMTP_PORT}`;

/** Tags a test (or describe) that reads or drives the emulator directly. */
export const NEEDS_EMULATOR = "@emulator";
/** Tags a test that reads the mail the app sent, from the mail catcher. */
export const NEEDS_MAIL_CATCHER = "@mail-catcher";
/**
 * Tags a test that changes what every other test sees (the emulator's faults and latency):
 * it has the emulator to itself while it runs, so no test beside it meets its outage.
 */
export const RUNS_ALONE = "@runs-alone";

// The suite's own servers run a production build (`npm run build` first) with their own
// database and emulator data, so they never touch the demo's.
export const E2E_SERVER_ENV = {
  NODE_ENV: "production" as const,
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

/** The servers a run starts (playwright.config.ts), or `serve.ts` starts for a run against them. */
export const E2E_SERVERS = [
  {
    name: "mail catcher",
    command:
      `rm -rf ${E2E_MAIL_DIRECTORY} && npx maildev --silent --ip 127.0.0.1 --web-ip 127.0.0.1 ` +
      `--smtp ${E2E_MAIL_SMTP_PORT} --web ${E2E_MAIL_WEB_PORT} --mail-directory ${E2E_MAIL_DIRECTORY}`,
    url: `http://127.0.0.1:${E2E_MAIL_WEB_PORT}/api/healthz`,
    timeout: 60_000,
  },
  {
    name: "emulator",
    // Fresh emulator state for every run.
    command: `rm -f ${E2E_EMULATOR_DATA}* && npx stripe-emulator`,
    url: `http://127.0.0.1:${E2E_EMULATOR_PORT}/_emulator/health`,
    timeout: 60_000,
  },
  {
    name: "app",
    // Fresh database (migrations + demo users) for every run.
    command: `npm run --silent db:reset && npm run --silent db:seed && npx next start --hostname 127.0.0.1 --port ${E2E_APP_PORT}`,
    url: `http://127.0.0.1:${E2E_APP_PORT}/api/health`,
    timeout: 120_000,
  },
] as const;
