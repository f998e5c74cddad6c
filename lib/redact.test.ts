import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { describeFailure, redactText } from "@/lib/redact";

describe("redactText", () => {
  it("hides emails and phone numbers in a sentence and keeps ids", () => {
    expect(redactText("No such customer: 'cus_123' (jenny.rosen@example.com, +1 415 555 0100)")).toBe(
      "No such customer: 'cus_123' ([redacted], [redacted])",
    );
    expect(redactText("order cmx58h9 is partially_refunded (300 refunded)")).toBe(
      "order cmx58h9 is partially_refunded (300 refunded)",
    );
  });
});

describe("describeFailure", () => {
  it("keeps what went wrong and drops what the shopper typed", () => {
    const stripe = Stripe.errors.StripeError.generate({
      type: "invalid_request_error",
      message: "Invalid email address: jenny.rosen@example.com",
    } as Stripe.StripeRawError);
    expect(describeFailure(stripe)).toBe("Invalid email address: [redacted]");
    // A database error quotes the whole query, the shopper's name and address included, after its first line.
    const database = new Error(
      'Invalid `prisma.user.update()` invocation:\n\n{ data: { name: "Jenny Rosen", address: "510 Townsend St" } }',
    );
    expect(describeFailure(database)).toBe("Invalid `prisma.user.update()` invocation:");
    expect(describeFailure("x".repeat(900))).toHaveLength(500);
  });
});
