import { describe, expect, it } from "vitest";
import { passwordWeakness, safeCallbackPath, signInErrorMessage, signUpSchema } from "@/lib/auth/validation";

describe("passwordWeakness", () => {
  it.each([
    ["short1", "Use at least 10 characters for your password."],
    ["onlyletterspassword", "Mix letters with at least one number or symbol."],
    ["12345678901", "Mix letters with at least one number or symbol."],
    ["aaaaaaaaa1", "That password is too easy to guess. Try a longer phrase."],
    ["Password123", "That password is too easy to guess. Try a longer phrase."],
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

describe("safeCallbackPath", () => {
  it.each([
    ["/account", "/account"],
    ["/rides?cart=1", "/rides?cart=1"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    [undefined, "/"],
  ])("maps %s to %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});

describe("signInErrorMessage", () => {
  it("explains known codes and hides unknown ones", () => {
    expect(signInErrorMessage("WrongPassword")).toBe("That password is not right. Try again.");
    expect(signInErrorMessage("SomethingInternal")).toBe("We couldn't sign you in. Please try again.");
    expect(signInErrorMessage(null)).toBeNull();
  });
});
