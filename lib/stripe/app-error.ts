import "server-only";
import { randomInt } from "node:crypto";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isStripeUnavailable } from "@/lib/stripe/errors";

// Crockford's base32: no I, L, O or U, so a reference read out over the phone is unambiguous.
const REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short id a shopper can quote to support ("7K3Q-X9M2"), found again in our logs. */
export function supportReference(): string {
  const chars = Array.from({ length: 8 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

/**
 * What a shopper should see when a Stripe call fails:
 * - Stripe down, busy (429) or unreachable: a retryable 503 with Retry-After;
 * - a card decline: Stripe's own message, written for the cardholder (402);
 * - any other refusal (4xx): our request was wrong, so trying again cannot help. A generic
 *   500 with a support reference, logged with Stripe's request id so the two can be matched.
 * Stripe's own texts are never echoed (beyond a decline's), since they can name accounts and ids.
 */
export function stripeFailure(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  if (isStripeUnavailable(error)) {
    logger.warn({ err: error, action }, "stripe unavailable");
    return new AppError(
      "upstream_unavailable",
      "Payments are busy right now. Please try again in a moment.",
      {
        cause: error,
        retryAfterSeconds: 2,
      },
    );
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    logger.info({ err: error, action, code: error.code, stripeRequestId: error.requestId }, "card declined");
    return new AppError("payment_failed", error.message || "Your card was declined.", { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    const reference = supportReference();
    logger.error(
      {
        err: error,
        action,
        reference,
        stripeRequestId: error.requestId,
        statusCode: error.statusCode,
        type: error.type,
        code: error.code,
        param: error.param,
      },
      "stripe refused our request",
    );
    return new AppError(
      "internal",
      `Something went wrong on our side. If it keeps happening, contact support and quote reference ${reference}.`,
      { cause: error, reference },
    );
  }
  throw error;
}
