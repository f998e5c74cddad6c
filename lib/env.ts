import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { brandDefinitions } from "@/lib/brands/definitions";
import { brandAccountProblems, settingValue, type BrandDefinition } from "@/lib/brands/registry";
import { COMMITTED_VALUES, credentialsIn } from "@/lib/committed-defaults";

/**
 * The one place server configuration is read and validated. Everything has a
 * default that runs the demo and the tests with no `.env` at all; production
 * refuses to run on the defaults that would be unsafe there (see
 * `productionProblems`).
 */

const optional = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

// `FOO=` in an env file means "not set": take the default rather than fail on "".
const blankAsUnset = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const positiveInt = (fallback: number) =>
  z.preprocess(blankAsUnset, z.coerce.number().int().positive().default(fallback));

const nonNegativeInt = (fallback: number) =>
  z.preprocess(blankAsUnset, z.coerce.number().int().min(0).default(fallback));

// Mail: the SMTP server that sends forgotten-password links and receipts, and who they come from.
// The defaults are the demo's local mail catcher (maildev, scripts/demo.sh); see `mailProblems`.
const LOCAL_MAIL_CATCHER = "smtp://127.0.0.1:1025";
const DEMO_MAIL_FROM = "Rocket Checkout <no-reply@rocket-checkout.test>";
const mailSettings = {
  SMTP_URL: z.preprocess(
    blankAsUnset,
    z
      .url({
        protocol: /^smtps?$/,
        error:
          "Use an smtp:// (STARTTLS) or smtps:// (TLS) URL, e.g. smtps://user:password@smtp.example.com:465.",
      })
      .default(LOCAL_MAIL_CATCHER),
  ),
  MAIL_FROM: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .max(200)
      .refine(
        (value) => z.email().safeParse(/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).success,
        "Use an address, optionally with a name: Rocket Checkout <no-reply@shop.example>.",
      )
      .default(DEMO_MAIL_FROM),
  ),
  AUTH_MAX_PASSWORD_RESETS_PER_EMAIL: positiveInt(5),
  AUTH_MAX_PASSWORD_RESETS_PER_IP: positiveInt(100),
  AUTH_PASSWORD_RESET_WINDOW_SECONDS: positiveInt(60 * 60),
};

/**
 * Production away from a local emulator sends real people real links: it refuses to fall back
 * to (or be set to) the demo's local mail catcher or sender, which would swallow every message.
 * Mail to any host but this machine is always sent over TLS (lib/mail/transport.ts).
 */
function mailProblems(env: z.infer<typeof serverEnvSchema>, source: Record<string, string | undefined>) {
  const problems: string[] = [];
  const how = (name: string) => (source[name]?.trim() ? "is set to" : "is not set, so it falls back to");
  if (env.SMTP_URL === LOCAL_MAIL_CATCHER) {
    problems.push(
      `SMTP_URL: ${how("SMTP_URL")} the demo's local mail catcher, which delivers nothing; ` +
        "set your mail provider's SMTP URL (smtps://user:password@smtp.example.com:465).",
    );
  }
  if (env.MAIL_FROM === DEMO_MAIL_FROM) {
    problems.push(
      `MAIL_FROM: ${how("MAIL_FROM")} the demo's sender; set an address of your own domain ` +
        "that your SMTP server may send from.",
    );
  }
  return problems;
}

export const serverEnvSchema = z.object({
  NODE_ENV: z.preprocess(blankAsUnset, z.enum(["development", "test", "production"]).default("development")),
  APP_URL: z.preprocess(blankAsUnset, z.url().default("http://localhost:3000")),
  DATABASE_URL: z.preprocess(blankAsUnset, z.string().min(1).default("file:./.data/rocket.db")),
  NEXTAUTH_SECRET: optional,
  STRIPE_API_BASE: z.preprocess(blankAsUnset, z.url().default("http://127.0.0.1:12111")),
  // Stripe.js stand-in to load before @stripe/stripe-js looks for window.Stripe.
  // Unset: the emulator's, at STRIPE_API_BASE/js/stripe.js. "" (or real Stripe's
  // API base): none, so loadStripe fetches the real Stripe.js.
  STRIPE_JS_URL: z.union([z.literal(""), z.url()]).optional(),
  SHARING_STRATEGY: z.preprocess(
    blankAsUnset,
    z.enum(["organization", "connect-clone"]).default("organization"),
  ),
  // The brand (by slug) whose account holds the canonical customers and the cards an admin adds
  // under the organization strategy. A slug, not a position: reordering the brands changes nothing.
  // Checked against the configured brands at start.
  SHARING_HOME_BRAND: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, "Use a brand slug (lowercase letters, digits, dashes).")
      .default("rides"),
  ),
  // Organization API key: acts in any organization account with Stripe-Context (brands with
  // `auth: "organization-key"`). The default is the local emulator's.
  STRIPE_ORGANIZATION_SECRET_KEY: z.preprocess(
    blankAsUnset,
    z.string().min(1).default("sk_org_test_rocketgroup_emulator_0001"),
  ),
  // Connect platform keys for the connect-clone strategy (defaults: the local emulator's).
  STRIPE_PLATFORM_SECRET_KEY: z.preprocess(
    blankAsUnset,
    z.string().min(1).default("sk_test_platform_emulator_0001"),
  ),
  STRIPE_PLATFORM_ACCOUNT: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^acct_[A-Za-z0-9]+$/, "Use a Stripe account id (acct_…).")
      .default("acct_1RocketPlatform001"),
  ),
  // connect-clone: "payment_method" clones PaymentMethods (current); "token" uses the legacy tokens + sources.
  CONNECT_CLONE_METHOD: z.preprocess(
    blankAsUnset,
    z.enum(["payment_method", "token"]).default("payment_method"),
  ),
  STRIPE_PLATFORM_PUBLISHABLE_KEY: z.preprocess(
    blankAsUnset,
    z.string().min(1).default("pk_test_platform_emulator_0001"),
  ),
  // Signing secrets of the webhook endpoints that deliver to /api/webhooks/stripe (comma-separated):
  // the organization endpoint's, the Connect platform endpoint's, and any per-account ones.
  STRIPE_WEBHOOK_SECRETS: z
    .preprocess(
      blankAsUnset,
      z
        .string()
        .default(
          "whsec_org_rocketgroup_emulator_0001,whsec_platform_emulator_0001,whsec_platform_account_emulator_0001",
        ),
    )
    .transform((value) =>
      value
        .split(",")
        .map((secret) => secret.trim())
        .filter(Boolean),
    )
    .refine((secrets) => secrets.length > 0, "Set at least one webhook signing secret."),
  LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  // Proxies in front of the app that append to X-Forwarded-For: the client is the N-th entry
  // from the right. 0: no forwarding header is trusted (see lib/rate-limits/client-ip.ts).
  TRUSTED_PROXY_HOPS: nonNegativeInt(0),
  AUTH_MAX_FAILED_SIGNINS_PER_CLIENT: positiveInt(5),
  AUTH_FAILED_SIGNINS_PER_EMAIL_BEFORE_DELAY: positiveInt(20),
  AUTH_MAX_FAILED_SIGNINS_PER_IP: positiveInt(50),
  AUTH_FAILED_SIGNIN_WINDOW_SECONDS: positiveInt(15 * 60),
  AUTH_MAX_SIGNUPS_PER_IP: positiveInt(100),
  AUTH_SIGNUP_WINDOW_SECONDS: positiveInt(60 * 60),
  // Passkey sign-ins started (challenges issued) per client address within the failed sign-in window.
  AUTH_MAX_PASSKEY_SIGNINS_PER_IP: positiveInt(300),
  CHECKOUT_MAX_SESSIONS_PER_USER: positiveInt(60),
  CHECKOUT_MAX_SESSIONS_PER_IP: positiveInt(600),
  CHECKOUT_SESSION_WINDOW_SECONDS: positiveInt(10 * 60),
  // "1" serves the e2e suite's test pages (/test/…); never set it in production.
  ENABLE_TEST_PAGES: z
    .preprocess(blankAsUnset, z.enum(["0", "1"]).default("0"))
    .transform((value) => value === "1"),
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  ...mailSettings,
});

export interface BrandKeys {
  secretKey: string;
  publishableKey: string;
}

export type ServerEnv = z.infer<typeof serverEnvSchema> & {
  authSecret: string;
  /** Where the browser loads a Stripe.js stand-in from, or null for real Stripe.js. */
  stripeJsUrl: string | null;
  /** Each brand's own account keys (organization strategy), by brand slug, read from the variables the brand names. */
  brandKeys: Readonly<Record<string, BrandKeys>>;
  /**
   * Whether the demo's "Under the hood" panel exists: only against an emulator on this machine,
   * whose request log and dashboard it reads. Real Stripe has neither, and a shopper of a real
   * shop has no business seeing its Stripe calls: there the route answers 404 and no page shows it.
   */
  underTheHood: boolean;
};

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

const MIN_SECRET_LENGTH = 32;
const DEV_SECRET_FILE = path.join(".data", "dev-nextauth-secret");

/**
 * Parses an environment; throws a ConfigurationError listing every problem at once.
 * `brands` is the brand configuration whose variables are checked too.
 */
export function parseServerEnv(
  source: Record<string, string | undefined>,
  brands: readonly BrandDefinition[] = brandDefinitions,
): ServerEnv {
  const parsed = serverEnvSchema.safeParse(source);
  const problems = parsed.success
    ? productionProblems(parsed.data, source, brands)
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  problems.push(...brandAccountProblems(brands, source));
  if (parsed.success) problems.push(...homeBrandProblems(parsed.data.SHARING_HOME_BRAND, brands));
  if (!parsed.success || problems.length > 0) {
    throw new ConfigurationError(
      `Invalid environment configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  const env = parsed.data;
  const brandKeys = Object.fromEntries(
    brands.map(({ slug, stripe }) => [
      slug,
      {
        secretKey: settingValue(stripe.secretKey, source),
        publishableKey: settingValue(stripe.publishableKey, source),
      },
    ]),
  );
  return {
    ...env,
    authSecret: authSecret(env),
    stripeJsUrl: stripeJsUrl(env),
    brandKeys,
    underTheHood: talksToLocalEmulator(env.STRIPE_API_BASE),
  };
}

function homeBrandProblems(slug: string, brands: readonly BrandDefinition[]): string[] {
  if (brands.some((brand) => brand.slug === slug)) return [];
  const known = brands.map((brand) => brand.slug).join(", ");
  return [`SHARING_HOME_BRAND: there is no brand "${slug}"; set it to one of: ${known}.`];
}

/**
 * LOG_LEVEL as the schema reads it, without the rest of the environment: the logger is made
 * when its module loads, which must not freeze the configuration or fail before the start-up
 * check reports an invalid value (it then logs at the default level until the server stops).
 */
export function logLevel(source: Record<string, string | undefined> = process.env): ServerEnv["LOG_LEVEL"] {
  const parsed = serverEnvSchema.shape.LOG_LEVEL.safeParse(source.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

const REAL_STRIPE_API = "https://api.stripe.com";

function stripeJsUrl(env: z.infer<typeof serverEnvSchema>): string | null {
  if (env.STRIPE_JS_URL !== undefined) return env.STRIPE_JS_URL || null;
  const base = env.STRIPE_API_BASE.replace(/\/+$/, "");
  return base === REAL_STRIPE_API ? null : `${base}/js/stripe.js`;
}

function authSecret(env: z.infer<typeof serverEnvSchema>): string {
  // Production without a secret never gets here (productionProblems).
  return env.NEXTAUTH_SECRET ?? developmentSecret();
}

// The defaults declared above (the emulator's keys, signing secrets and platform account).
const SCHEMA_DEFAULTS: ReadonlySet<string> = new Set(credentialsIn(serverEnvSchema.parse({})));

/** Whether a value is one anyone can read in this repository (see lib/committed-defaults.ts). */
export function isCommittedDefault(value: string): boolean {
  return COMMITTED_VALUES.has(value) || SCHEMA_DEFAULTS.has(value);
}

/**
 * The demo and the e2e suite run production builds against the emulator on this machine;
 * only there may the published keys and secrets stand.
 */
export function talksToLocalEmulator(stripeApiBase: string): boolean {
  const host = new URL(stripeApiBase).hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

type Credential = "session" | "webhook" | "key" | "account";

const ADVICE: Record<Credential, string> = {
  session: "generate one with `openssl rand -base64 32`",
  webhook: "set the signing secret (whsec_…) of your own webhook destination",
  key: "set the key of your own Stripe account",
  account: "set the id (acct_…) of your own Stripe account",
};

interface UsedSetting {
  name: string;
  values: readonly string[];
  kind: Credential;
}

/**
 * What a production server refuses: no session secret or a short one, and, unless it talks
 * to a local emulator, any secret, key or account id it would use that is also a value
 * committed to this repository (the emulator's, or a test suite's), set or defaulted.
 */
function productionProblems(
  env: z.infer<typeof serverEnvSchema>,
  source: Record<string, string | undefined>,
  brands: readonly BrandDefinition[],
): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (!env.NEXTAUTH_SECRET) {
    problems.push(
      "NEXTAUTH_SECRET: not set. Production refuses to start without a real secret: " +
        "generate one with `openssl rand -base64 32` and set NEXTAUTH_SECRET (see .env.example).",
    );
  } else if (env.NEXTAUTH_SECRET.length < MIN_SECRET_LENGTH) {
    problems.push(
      `NEXTAUTH_SECRET: must be at least ${MIN_SECRET_LENGTH} characters in production. ` +
        "Generate one with: openssl rand -base64 32",
    );
  }
  if (talksToLocalEmulator(env.STRIPE_API_BASE)) return problems;
  problems.push(...mailProblems(env, source));
  for (const { name, values, kind } of usedSettings(env, source, brands)) {
    if (!values.some(isCommittedDefault)) continue;
    const how = source[name]?.trim() ? "is set to" : "is not set, so it falls back to";
    problems.push(
      `${name}: ${how} a value published in this repository, which only a local emulator may use; ${ADVICE[kind]}.`,
    );
  }
  return problems;
}

/** The secrets, keys and account ids this configuration (its sharing strategy, its brands) uses. */
function usedSettings(
  env: z.infer<typeof serverEnvSchema>,
  source: Record<string, string | undefined>,
  brands: readonly BrandDefinition[],
): UsedSetting[] {
  const used: UsedSetting[] = env.NEXTAUTH_SECRET
    ? [{ name: "NEXTAUTH_SECRET", values: [env.NEXTAUTH_SECRET], kind: "session" }]
    : [];
  used.push({ name: "STRIPE_WEBHOOK_SECRETS", values: env.STRIPE_WEBHOOK_SECRETS, kind: "webhook" });
  const brandSetting = (ref: { env: string; default: string }, kind: Credential): UsedSetting => ({
    name: ref.env,
    values: [settingValue(ref, source)],
    kind,
  });
  if (env.SHARING_STRATEGY === "connect-clone") {
    used.push(
      { name: "STRIPE_PLATFORM_ACCOUNT", values: [env.STRIPE_PLATFORM_ACCOUNT], kind: "account" },
      { name: "STRIPE_PLATFORM_SECRET_KEY", values: [env.STRIPE_PLATFORM_SECRET_KEY], kind: "key" },
      { name: "STRIPE_PLATFORM_PUBLISHABLE_KEY", values: [env.STRIPE_PLATFORM_PUBLISHABLE_KEY], kind: "key" },
      ...brands.map((brand) => brandSetting(brand.stripe.connectedAccount, "account")),
    );
    return used;
  }
  for (const { stripe } of brands) {
    used.push(brandSetting(stripe.account, "account"));
    if (stripe.auth !== "organization-key") used.push(brandSetting(stripe.secretKey, "key"));
    used.push(brandSetting(stripe.publishableKey, "key"));
  }
  if (brands.some(({ stripe }) => stripe.auth === "organization-key")) {
    used.push({
      name: "STRIPE_ORGANIZATION_SECRET_KEY",
      values: [env.STRIPE_ORGANIZATION_SECRET_KEY],
      kind: "key",
    });
  }
  return used;
}

// Kept in the git-ignored data folder so a dev server restart keeps everyone signed in.
function developmentSecret(): string {
  if (existsSync(DEV_SECRET_FILE)) return readFileSync(DEV_SECRET_FILE, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(path.dirname(DEV_SECRET_FILE), { recursive: true });
  writeFileSync(DEV_SECRET_FILE, secret, { mode: 0o600 });
  return secret;
}

let cached: ServerEnv | undefined;

/** The validated environment of this process, read once. */
export function env(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
