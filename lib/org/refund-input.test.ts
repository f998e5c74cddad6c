import { describe, expect, it } from "vitest";
import { parseAmount, refundInputSchema } from "@/lib/org/refund-input";

describe("refund input", () => {
  it("parses amounts typed in the dialog", () => {
    expect(parseAmount("12.5")).toBe(1250);
    expect(parseAmount("$37.00")).toBe(3700);
    expect(parseAmount(" 0.01 ")).toBe(1);
    expect(parseAmount("1,000")).toBeNull();
    expect(parseAmount("-5")).toBeNull();
    expect(parseAmount("1.234")).toBeNull();
  });

  it("explains every wrong field", () => {
    const result = refundInputSchema.safeParse({
      brand: "rides",
      paymentIntentId: "ch_123",
      amount: 0,
      idempotencyKey: "short",
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messages).toEqual([
      "paymentIntentId: That is not a payment id (pi_…).",
      "amount: Enter an amount greater than zero.",
      "reason: Say why you refund this payment.",
      "idempotencyKey: The idempotency key must be 16–80 letters, digits, - or _.",
    ]);
    expect(
      refundInputSchema.safeParse({
        brand: "rides",
        paymentIntentId: "pi_123456",
        amount: 1.5,
        idempotencyKey: "k".repeat(20),
      }).error?.issues[0]?.message,
    ).toBe("Enter the amount in whole cents.");
  });

  it("requires a printable reason of 3 to 500 characters, trimmed", () => {
    const base = {
      brand: "rides",
      paymentIntentId: "pi_123456",
      amount: 100,
      idempotencyKey: "k".repeat(20),
    };
    const reasonError = (reason: string) =>
      refundInputSchema.safeParse({ ...base, reason }).error?.issues[0]?.message ?? null;
    expect(reasonError("  ok ")).toBe("Say why you refund this payment (at least 3 characters).");
    expect(reasonError("x".repeat(501))).toBe("Keep the reason under 500 characters.");
    expect(reasonError("late\ndelivery")).toMatch(/printable characters only/);
    expect(refundInputSchema.parse({ ...base, reason: "  Ride cancelled by the driver " }).reason).toBe(
      "Ride cancelled by the driver",
    );
  });
});
