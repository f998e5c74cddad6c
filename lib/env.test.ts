import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { brandDefinitions } from "@/lib/brands/definitions";
import { ConfigurationError, isCommittedDefault, logLevel, parseServerEnv } from "@/lib/env";

const fresh = (prefix = "") => `${prefix}${randomBytes(24).toString("base64url")}`;

/** What a real organization deployment sets: its own secret, signing secret, keys and accounts. */
function realOrganizationDeployment(): Record<string, string> {
  return {
    NODE_ENV: "production",
    STRIPE_API_BASE: "https://api.stripe.com",
    APP_URL: "https://shop.rocket.example",
    NEXTAUTH_SECRET: fresh(),
    STRIPE_WEBHOOK_SECRETS: fresh("whsec_"),
    STRIPE_RIDES_ACCOUNT: "acct_1LiveRides0000001",
    STRIPE_RIDES_SECRET_KEY: fresh("sk_test_"),
    STRIPE_RIDES_PUBLISHABLE_KEY: fresh("pk_test_"),
    STRIPE_DELIVERIES_ACCOUNT: "acct_1LiveDeliveries01",
    STRIPE_DELIVERIES_SECRET_KEY: fresh("sk_test_"),
    STRIPE_DELIVERIES_PUBLISHABLE_KEY: fresh("pk_test_"),
    SMTP_URL: "smtps://rocket:mail-password@smtp.rocket.example:465",
    MAIL_FROM: "Rocket Checkout <no-reply@rocket.example>",
  };
}

function refusal(source: Record<string, string | undefined>, brands = brandDefinitions): string {
  try {
    parseServerEnv(source, brands);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("parseServerEnv", () => {
  it("runs the demo with no variables at all", () => {
    const env = parseServerEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: "x".repeat(40) });
    expect(env.DATABASE_URL).toBe("file:./.data/rocket.db");
    expect(env.STRIPE_API_BASE).toBe("http://127.0.0.1:12111");
    expect(env.APP_URL).toBe("http://localhost:3000");
  });

  it("refuses to run production without a secret, saying how to make one", () => {
    expect(() => parseServerEnv({ NODE_ENV: "production" })).toThrow(ConfigurationError);
    expect(() => parseServerEnv({ NODE_ENV: "production" })).toThrow(/openssl rand -base64 32/);
    expect(() => parseServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "short" })).toThrow(
      /at least 32 characters/,
    );
  });

  it("lists every invalid variable at once", () => {
    const attempt = () =>
      parseServerEnv({ NODE_ENV: "test", APP_URL: "not a url", AUTH_MAX_FAILED_SIGNINS_PER_CLIENT: "-1" });
    expect(attempt).toThrow(/APP_URL/);
    expect(attempt).toThrow(/AUTH_MAX_FAILED_SIGNINS_PER_CLIENT/);
  });

  it("trusts no proxy unless told how many hops to trust", () => {
    const base = { NODE_ENV: "test", NEXTAUTH_SECRET: "x".repeat(40) };
    expect(parseServerEnv(base).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseServerEnv({ ...base, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseServerEnv({ ...base, TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseServerEnv({ ...base, TRUSTED_PROXY_HOPS: "one" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it("treats empty optional values as unset, so OAuth stays off", () => {
    const env = parseServerEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: "y".repeat(40), GITHUB_ID: "" });
    expect(env.GITHUB_ID).toBeUndefined();
  });

  it("loads the emulator's Stripe.js beside its API, and real Stripe.js for real Stripe", () => {
    const base = { NODE_ENV: "test", NEXTAUTH_SECRET: "z".repeat(40) };
    expect(parseServerEnv(base).stripeJsUrl).toBe("http://127.0.0.1:12111/js/stripe.js");
    expect(parseServerEnv({ ...base, STRIPE_API_BASE: "https://api.stripe.com" }).stripeJsUrl).toBeNull();
    expect(parseServerEnv({ ...base, STRIPE_JS_URL: "" }).stripeJsUrl).toBeNull();
  });

  it("reads blank values from an env file as unset", () => {
    const env = parseServerEnv({
      NODE_ENV: "test",
      NEXTAUTH_SECRET: "z".repeat(40),
      STRIPE_PLATFORM_SECRET_KEY: "",
      STRIPE_WEBHOOK_SECRETS: " ",
      AUTH_MAX_FAILED_SIGNINS_PER_IP: "",
    });
    expect(env.STRIPE_PLATFORM_SECRET_KEY).toBe("sk_test_platform_emulator_0001");
    expect(env.STRIPE_WEBHOOK_SECRETS).toEqual([
      "whsec_org_rocketgroup_emulator_0001",
      "whsec_platform_emulator_0001",
      "whsec_platform_account_emulator_0001",
    ]);
    expect(env.AUTH_MAX_FAILED_SIGNINS_PER_IP).toBe(50);
  });

  it("names a brand account variable that is not an account id, with the other problems", () => {
    const message = refusal({ NODE_ENV: "test", APP_URL: "nope", STRIPE_RIDES_ACCOUNT: "rides" });
    expect(message).toMatch(/APP_URL/);
    expect(message).toMatch(/STRIPE_RIDES_ACCOUNT: Use a Stripe account id \(acct_…\)/);
  });
});

describe("mail settings", () => {
  it("sends to the demo's local mail catcher by default", () => {
    const env = parseServerEnv({ NODE_ENV: "test" });
    expect(env.SMTP_URL).toBe("smtp://127.0.0.1:1025");
    expect(env.MAIL_FROM).toBe("Rocket Checkout <no-reply@rocket-checkout.test>");
  });

  it("takes an SMTP or SMTPS URL and a sender with or without a name, and nothing else", () => {
    expect(parseServerEnv({ NODE_ENV: "test", MAIL_FROM: "shop@rocket.example" }).MAIL_FROM).toBe(
      "shop@rocket.example",
    );
    const message = refusal({
      NODE_ENV: "test",
      SMTP_URL: "http://smtp.example.com",
      MAIL_FROM: "Rocket <nope>",
    });
    expect(message).toMatch(/SMTP_URL: Use an smtp:\/\/ \(STARTTLS\) or smtps:\/\/ \(TLS\) URL/);
    expect(message).toMatch(/MAIL_FROM: Use an address/);
  });

  it("refuses production on the local mail catcher or the demo's sender, set or defaulted", () => {
    const { SMTP_URL: _url, MAIL_FROM: _from, ...withoutMail } = realOrganizationDeployment();
    const message = refusal(withoutMail);
    expect(message).toContain("- SMTP_URL: is not set, so it falls back to the demo's local mail catcher");
    expect(message).toContain("- MAIL_FROM: is not set, so it falls back to the demo's sender");
    expect(refusal({ ...realOrganizationDeployment(), SMTP_URL: "smtp://127.0.0.1:1025" })).toContain(
      "- SMTP_URL: is set to the demo's local mail catcher",
    );
  });
});

describe("the home brand (where canonical customers and admin-added cards live)", () => {
  const base = { NODE_ENV: "test", NEXTAUTH_SECRET: "h".repeat(40) };
  const [rides, deliveries] = brandDefinitions;

  it("is named by slug, so reordering the brands changes nothing", () => {
    expect(parseServerEnv(base).SHARING_HOME_BRAND).toBe("rides");
    expect(parseServerEnv(base, [deliveries!, rides!]).SHARING_HOME_BRAND).toBe("rides");
    expect(parseServerEnv({ ...base, SHARING_HOME_BRAND: "deliveries" }).SHARING_HOME_BRAND).toBe(
      "deliveries",
    );
  });

  it("refuses at start a slug that is not a configured brand, listing the ones there are", () => {
    expect(refusal({ ...base, SHARING_HOME_BRAND: "eats" })).toMatch(
      /SHARING_HOME_BRAND: there is no brand "eats"; set it to one of: rides, deliveries/,
    );
    // A deployment with brands of its own must name its home brand: the demo's does not exist there.
    expect(refusal(base, [{ ...deliveries!, slug: "parcels" }])).toMatch(
      /SHARING_HOME_BRAND: there is no brand "rides"; set it to one of: parcels/,
    );
    expect(refusal({ ...base, SHARING_HOME_BRAND: "Rocket Rides" })).toMatch(/SHARING_HOME_BRAND/);
  });
});

describe("settings other modules read through the environment", () => {
  const base = { NODE_ENV: "test", NEXTAUTH_SECRET: "s".repeat(40) };

  it("reads each brand's keys from the variables the brand names", () => {
    const env = parseServerEnv({ ...base, STRIPE_RIDES_SECRET_KEY: "sk_test_own_rides_key" });
    expect(env.brandKeys.rides).toEqual({
      secretKey: "sk_test_own_rides_key",
      publishableKey: "pk_test_rides_emulator_0001",
    });
    expect(env.brandKeys.deliveries?.secretKey).toBe("sk_test_deliveries_emulator_0001");
  });

  it("serves the test pages only when ENABLE_TEST_PAGES is 1", () => {
    expect(parseServerEnv(base).ENABLE_TEST_PAGES).toBe(false);
    expect(parseServerEnv({ ...base, ENABLE_TEST_PAGES: "1" }).ENABLE_TEST_PAGES).toBe(true);
    expect(() => parseServerEnv({ ...base, ENABLE_TEST_PAGES: "yes" })).toThrow(/ENABLE_TEST_PAGES/);
  });

  it("gives the logger its level without freezing the rest, and the default for a bad one", () => {
    expect(logLevel({ LOG_LEVEL: "debug" })).toBe("debug");
    expect(logLevel({})).toBe("info");
    expect(logLevel({ LOG_LEVEL: "loud" })).toBe("info");
    expect(() => parseServerEnv({ ...base, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});

describe("production on values published in this repository", () => {
  it("starts with a deployment's own secrets, keys and accounts", () => {
    const env = parseServerEnv(realOrganizationDeployment());
    expect(env.STRIPE_API_BASE).toBe("https://api.stripe.com");
  });

  it("refuses every variable left on (or set to) a committed default at once, naming each", () => {
    const message = refusal({
      NODE_ENV: "production",
      STRIPE_API_BASE: "https://api.stripe.com",
      NEXTAUTH_SECRET: "e2e-only-secret-that-is-long-enough-0123456789",
    });
    for (const name of [
      "NEXTAUTH_SECRET",
      "STRIPE_WEBHOOK_SECRETS",
      "STRIPE_RIDES_ACCOUNT",
      "STRIPE_RIDES_SECRET_KEY",
      "STRIPE_RIDES_PUBLISHABLE_KEY",
      "STRIPE_DELIVERIES_ACCOUNT",
      "STRIPE_DELIVERIES_SECRET_KEY",
      "STRIPE_DELIVERIES_PUBLISHABLE_KEY",
    ])
      expect(message).toContain(`- ${name}:`);
  });

  it("refuses one published value among the deployment's own", () => {
    const cases: Record<string, string> = {
      STRIPE_WEBHOOK_SECRETS: `${fresh("whsec_")}, whsec_org_rocketgroup_emulator_0001`,
      STRIPE_RIDES_SECRET_KEY: "sk_test_rides_emulator_0001",
      STRIPE_DELIVERIES_PUBLISHABLE_KEY: "pk_test_deliveries_emulator_0001",
      STRIPE_DELIVERIES_ACCOUNT: "acct_1RocketDeliver0001",
      NEXTAUTH_SECRET: "integration-test-secret-0123456789abcdef",
    };
    for (const [name, value] of Object.entries(cases)) {
      const message = refusal({ ...realOrganizationDeployment(), [name]: value });
      expect(message).toContain(`- ${name}:`);
      expect(message.match(/^ {2}- /gm)).toHaveLength(1);
    }
  });

  it("checks the platform's keys and the connected accounts under connect-clone", () => {
    const message = refusal({ ...realOrganizationDeployment(), SHARING_STRATEGY: "connect-clone" });
    for (const name of [
      "STRIPE_PLATFORM_ACCOUNT",
      "STRIPE_PLATFORM_SECRET_KEY",
      "STRIPE_PLATFORM_PUBLISHABLE_KEY",
      "STRIPE_RIDES_CONNECTED_ACCOUNT",
      "STRIPE_DELIVERIES_CONNECTED_ACCOUNT",
    ])
      expect(message).toContain(`- ${name}:`);
  });

  it("checks the organization key only when a brand acts through it", () => {
    const deployment = {
      ...realOrganizationDeployment(),
      STRIPE_ORGANIZATION_SECRET_KEY: "sk_org_test_rocketgroup_emulator_0001",
    };
    // Both brands use their own keys: the organization key is not used, so it is not checked.
    expect(() => parseServerEnv(deployment)).not.toThrow();
    const viaOrganizationKey = brandDefinitions.map((brand) =>
      brand.slug === "rides"
        ? { ...brand, stripe: { ...brand.stripe, auth: "organization-key" as const } }
        : brand,
    );
    const message = refusal({ ...deployment, STRIPE_RIDES_SECRET_KEY: "" }, viaOrganizationKey);
    expect(message).toContain("- STRIPE_ORGANIZATION_SECRET_KEY: is set to a value published");
    expect(message).not.toContain("STRIPE_RIDES_SECRET_KEY");
  });

  it("lets the demo and the e2e suite run production against a local emulator", () => {
    for (const base of [
      "http://127.0.0.1:12121",
      "http://127.8.9.10:1",
      "http://localhost:12111",
      "http://[::1]:12111",
    ]) {
      const env = parseServerEnv({
        NODE_ENV: "production",
        STRIPE_API_BASE: base,
        NEXTAUTH_SECRET: "e2e-only-secret-that-is-long-enough-0123456789",
      });
      expect(env.STRIPE_WEBHOOK_SECRETS).toContain("whsec_org_rocketgroup_emulator_0001");
    }
    for (const base of [
      "http://127.0.0.1.nip.example:12111",
      "http://localhost.example.com",
      "http://10.0.0.5:12111",
    ])
      expect(refusal({ NODE_ENV: "production", STRIPE_API_BASE: base, NEXTAUTH_SECRET: fresh() })).toMatch(
        /STRIPE_WEBHOOK_SECRETS/,
      );
  });

  it("knows every NEXTAUTH_SECRET and every key committed to the repository", () => {
    const tracked = execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n").filter(Boolean);
    const committedSecrets = tracked
      .filter((file) => /\.(ts|tsx|js|mjs|json|sh|ya?ml|md)$|^\.env|^\.ci\//.test(file))
      .flatMap((file) => [
        ...readFileSync(file, "utf8").matchAll(/NEXTAUTH_SECRET["']?\s*[:=]\s*["']([^"'$\s]{16,})["']/g),
      ])
      .map((match) => match[1]!);
    expect(committedSecrets.length).toBeGreaterThanOrEqual(2);
    const example = readFileSync(".env.example", "utf8");
    const exampleValues = [...example.matchAll(/^([A-Z_]+)=(.+)$/gm)]
      // Keys, secrets and accounts (not AUTH_MAX_PASSKEY_…, a number).
      .filter(([, name]) => /SECRET|_KEY$|ACCOUNT/.test(name!))
      .flatMap(([, , value]) => value!.split(","));
    for (const value of [...committedSecrets, ...exampleValues])
      expect(isCommittedDefault(value.trim()), value).toBe(true);
  });
});
