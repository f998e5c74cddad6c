import { describe, expect, it } from "vitest";
import { ConfigurationError, parseServerEnv } from "@/lib/env";

describe("parseServerEnv", () => {
  it("runs the demo with no variables at all", () => {
    const env = parseServerEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: "x".repeat(40) });
    expect(env.DATABASE_URL).toBe("file:./.data/rocket.db");
    expect(env.STRIPE_API_BASE).toBe("http://127.0.0.1:12111");
    expect(env.APP_URL).toBe("http://127.0.0.1:3000");
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
});
