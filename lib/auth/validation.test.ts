import { describe, expect, it } from "vitest";
import {
  passwordWeakness,
  safeCallbackPath,
  sameSiteRedirect,
  signInErrorMessage,
  signUpSchema,
} from "@/lib/auth/validation";

describe("passwordWeakness", () => {
  it.each([
    ["short1", "Use at least 10 characters for your password."],
    ["onlyletterspassword", "Mix letters with at least one number or symbol."],
    ["12345678901", "Mix letters with at least one number or symbol."],
    ["x".repeat(129) + "1", "Use at most 128 characters for your password."],
  ])("rejects %s", (password, message) => {
    expect(passwordWeakness(password)).toBe(message);
  });

  it("accepts a passphrase with a symbol", () => {
    expect(passwordWeakness("jenny-demo-password")).toBeNull();
  });
});

describe("signUpSchema", () => {
  it("normalises the email and trims the name", () => {
    const parsed = signUpSchema.parse({
      name: "  Jenny ",
      email: " Jenny@Example.COM ",
      password: "rocket-ride-42",
    });
    expect(parsed).toEqual({ name: "Jenny", email: "jenny@example.com", password: "rocket-ride-42" });
  });

  it("reports every bad field with a sentence", () => {
    const result = signUpSchema.safeParse({ name: "", email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(messages).toEqual([
      ["name", "Enter your name."],
      ["email", "Enter a valid email address, like jenny@example.com."],
      ["password", "Use at least 10 characters for your password."],
    ]);
  });
});

const SITE = "http://127.0.0.1:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/account", "/account"],
    ["/rides?cart=1#pay", "/rides?cart=1#pay"],
    ["http://127.0.0.1:3000/org/events?type=charge", "/org/events?type=charge"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-site destination %s as %s", (input, expected) => {
    expect(safeCallbackPath(input, SITE)).toBe(expected);
  });

  it.each([
    ["another site", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example"],
    ["a backslash after the slash", "/\\evil.example"],
    ["a tab between the slashes", "/\t/evil.example"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a NUL byte", "/account\u0000"],
    ["non-ASCII text", "/\u202e/evil.example"],
    ["a dot segment that leaves two slashes", "/.//evil.example"],
    ["leading spaces before two slashes", "  //evil.example"],
    ["the same host on another scheme", "https://127.0.0.1:3000/account"],
    ["the same host on another port", "http://127.0.0.1:4000/account"],
    ["credentials that hide the host", "http://127.0.0.1:3000@evil.example/"],
    ["a script URL", "javascript:alert(1)"],
    ["an unparsable URL", "http://[::1"],
  ])("sends %s to the default", (_label, input) => {
    expect(safeCallbackPath(input, SITE)).toBe("/");
  });

  it("uses the given default for a missing value", () => {
    expect(safeCallbackPath(undefined, SITE)).toBe("/");
    expect(safeCallbackPath("", SITE, "/account")).toBe("/account");
  });
});

describe("sameSiteRedirect", () => {
  it("keeps next-auth's redirects on the site", () => {
    expect(sameSiteRedirect("/account", SITE)).toBe("http://127.0.0.1:3000/account");
    expect(sameSiteRedirect("/\t/evil.example", SITE)).toBe("http://127.0.0.1:3000/");
    expect(sameSiteRedirect("https://evil.example/", SITE)).toBe("http://127.0.0.1:3000/");
  });
});

describe("signInErrorMessage", () => {
  it("gives one answer for an unknown email, a wrong password and an account without one", () => {
    expect(signInErrorMessage("InvalidCredentials")).toBe(
      "That email and password don't match an account. Check them and try again.",
    );
    expect(signInErrorMessage("SomethingInternal")).toBe("We couldn't sign you in. Please try again.");
    expect(signInErrorMessage(null)).toBeNull();
  });

  it("never names a code that tells accounts apart", () => {
    for (const code of ["UnknownEmail", "WrongPassword", "NoPassword"]) {
      expect(signInErrorMessage(code)).toBe("We couldn't sign you in. Please try again.");
    }
  });
});
