import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  newNonce,
  pageSecurityHeaders,
  type PageSecurityConfig,
} from "@/lib/security-headers";

const emulator: PageSecurityConfig = {
  appUrl: "http://127.0.0.1:3000",
  stripeApiBase: "http://127.0.0.1:12111",
  stripeJsUrl: "http://127.0.0.1:12111/js/stripe.js",
  development: false,
};
const production: PageSecurityConfig = {
  appUrl: "https://shop.rocket.example",
  stripeApiBase: "https://api.stripe.com",
  stripeJsUrl: null,
  development: false,
};

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((part) => part.split(" ")[0] === name)
    ?.split(" ")
    .slice(1);

describe("page security headers", () => {
  it("allow the emulator's Stripe.js and Checkout frame, and no https-only rules on http", () => {
    const headers = pageSecurityHeaders(emulator, "abc");
    const csp = headers["Content-Security-Policy"]!;
    expect(directive(csp, "script-src")).toEqual(["'self'", "'nonce-abc'", "http://127.0.0.1:12111"]);
    expect(directive(csp, "frame-src")).toEqual(["http://127.0.0.1:12111"]);
    expect(directive(csp, "style-src")).toEqual(["'self'", "'nonce-abc'"]);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    expect(headers["Permissions-Policy"]).toContain('payment=(self "http://127.0.0.1:12111")');
  });

  it("allow a Stripe.js stand-in served apart from the API (both origins)", () => {
    const csp = contentSecurityPolicy(
      { ...emulator, stripeJsUrl: "http://127.0.0.1:9999/js/stripe.js" },
      "n",
    );
    expect(directive(csp, "frame-src")).toEqual(["http://127.0.0.1:9999", "http://127.0.0.1:12111"]);
  });

  it("allow real Stripe's documented origins, and add HSTS and upgrades on https", () => {
    const headers = pageSecurityHeaders(production, "xyz");
    const csp = headers["Content-Security-Policy"]!;
    expect(directive(csp, "script-src")).toEqual(
      expect.arrayContaining(["'self'", "'nonce-xyz'", "https://js.stripe.com", "https://*.js.stripe.com"]),
    );
    expect(directive(csp, "frame-src")).toEqual(
      expect.arrayContaining([
        "https://js.stripe.com",
        "https://checkout.stripe.com",
        "https://hooks.stripe.com",
      ]),
    );
    expect(directive(csp, "connect-src")).toEqual(
      expect.arrayContaining(["'self'", "https://api.stripe.com", "https://checkout.stripe.com"]),
    );
    expect(csp).not.toContain("127.0.0.1");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("let React's development tools run under next dev", () => {
    const csp = contentSecurityPolicy({ ...emulator, development: true }, "n");
    expect(directive(csp, "script-src")).toContain("'unsafe-eval'");
    expect(directive(csp, "style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("make a new nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });
});
