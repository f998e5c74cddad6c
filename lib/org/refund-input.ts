import { z } from "zod";
import { printableText } from "@/lib/text";

/** The refund dialog's request (POST /api/org/customers/:id/refunds); shared by the browser and the server. */
export const refundInputSchema = z.object({
  brand: z.string({ error: "Say which brand the payment belongs to." }).min(1).max(40),
  /** The account the payment lives in, as the timeline shows it; default: whichever of the customer's accounts has it. */
  account: z
    .string()
    .regex(/^acct_[A-Za-z0-9]{1,64}$/, "That is not a Stripe account id (acct_…).")
    .optional(),
  paymentIntentId: z
    .string({ error: "Say which payment to refund." })
    .regex(/^pi_[A-Za-z0-9_]{6,64}$/, "That is not a payment id (pi_…)."),
  amount: z
    .number({ error: "Enter the amount to refund." })
    .int("Enter the amount in whole cents.")
    .positive("Enter an amount greater than zero."),
  /** Why the admin refunds: required, kept in the shopper's audit trail and on the refund in Stripe. */
  reason: printableText(
    z
      .string({ error: "Say why you refund this payment." })
      .trim()
      .min(3, "Say why you refund this payment (at least 3 characters).")
      .max(500, "Keep the reason under 500 characters."),
  ),
  /** One per dialog opening: a double click (or a retry) refunds once. */
  idempotencyKey: z
    .string({ error: "The request has no idempotency key." })
    .regex(/^[A-Za-z0-9_-]{16,80}$/, "The idempotency key must be 16–80 letters, digits, - or _."),
});
export type RefundInput = z.infer<typeof refundInputSchema>;

/** "12.50" → 1250 (two-decimal currencies); null when it is not an amount. */
export function parseAmount(text: string): number | null {
  const trimmed = text.trim().replace(/^\$/, "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(trimmed)) return null;
  const [whole = "0", fraction = ""] = trimmed.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
