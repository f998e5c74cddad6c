import { describe, expect, it } from "vitest";
import {
  hashResetToken,
  isResetTokenExpired,
  isWellFormedResetToken,
  newResetToken,
  RESET_LINK_MINUTES,
  resetLink,
} from "@/lib/auth/password-reset-token";

describe("reset tokens", () => {
  it("are 32 random bytes, different every time, stored only as their sha256", () => {
    const first = newResetToken();
    const second = newResetToken();
    expect(Buffer.from(first.token, "base64url")).toHaveLength(32);
    expect(first.token).not.toBe(second.token);
    expect(first.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.tokenHash).toBe(hashResetToken(first.token));
    expect(first.tokenHash).not.toContain(first.token);
  });

  it(`expire ${RESET_LINK_MINUTES} minutes after they are issued`, () => {
    const issued = new Date("2026-12-02T10:00:00Z");
    const { expiresAt } = newResetToken(issued);
    expect(expiresAt.toISOString()).toBe("2026-12-02T10:30:00.000Z");
    expect(isResetTokenExpired({ expiresAt }, new Date("2026-12-02T10:29:59Z"))).toBe(false);
    expect(isResetTokenExpired({ expiresAt }, new Date("2026-12-02T10:30:00Z"))).toBe(true);
  });

  it("refuses anything that is not shaped like a token before any lookup", () => {
    expect(isWellFormedResetToken(newResetToken().token)).toBe(true);
    for (const value of ["", "abc", "x".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`, 42, null]) {
      expect(isWellFormedResetToken(value)).toBe(false);
    }
  });

  it("go in a link to the reset page of the configured site, whatever host the request named", () => {
    const { token } = newResetToken();
    const link = new URL(resetLink("https://shop.rocket.example", token));
    expect(link.origin).toBe("https://shop.rocket.example");
    expect(link.pathname).toBe("/reset-password");
    expect(link.searchParams.get("token")).toBe(token);
  });
});
