import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isStripeUnavailable } from "@/lib/stripe/errors";

/**
 * What a shopper should see when a Stripe call fails: a retryable 503 when
 * Stripe is down or busy, otherwise a generic message (the details are logged,
 * never echoed, since they can name accounts and ids).
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
  if (error instanceof Stripe.errors.StripeError) {
    logger.error(
      { err: error, action, code: error.code, requestId: error.requestId },
      "stripe request failed",
    );
    return new AppError("upstream_unavailable", "We couldn't reach our payment provider. Please try again.", {
      cause: error,
    });
  }
  throw error;
}
