import "server-only";
import type Stripe from "stripe";
import { findBrand } from "@/lib/brands";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { logger } from "@/lib/logger";
import { paymentScopes, type PaymentScope } from "@/lib/org/scopes";
import { paymentFromIntent, type StripePayment } from "@/lib/org/timeline";
import { isMissingCustomer } from "@/lib/stripe/errors";

/** Most payments read per account for one customer (newest first). */
export const MAX_PAYMENTS_PER_ACCOUNT = 500;

export interface AccountPayments {
  payments: StripePayment[];
  /** Brands (or accounts) that could not be read just now; their orders still show, from our database. */
  unavailable: string[];
}

/** The brand a payment belongs to: its account's, else the brand our checkout wrote in its metadata. */
function brandOf(scope: PaymentScope, intent: Stripe.PaymentIntent): string {
  if (scope.brand) return scope.brand;
  const tagged = intent.metadata?.brand;
  return tagged && findBrand(tagged) ? tagged : scope.account;
}

async function paymentsInScope(scope: PaymentScope): Promise<StripePayment[]> {
  const payments: StripePayment[] = [];
  try {
    const list = scope.stripe.paymentIntents.list({
      customer: scope.customerId,
      limit: 100,
      expand: ["data.latest_charge", "data.payment_method"],
    });
    for await (const intent of list as AsyncIterable<Stripe.PaymentIntent>) {
      const payment = paymentFromIntent(brandOf(scope, intent), scope.account, intent);
      if (payment) payments.push(payment);
      if (payments.length >= MAX_PAYMENTS_PER_ACCOUNT) break;
    }
  } catch (error) {
    if (!isMissingCustomer(error)) throw error;
    // Every scope names a customer we created there: one Stripe no longer has was deleted
    // outside the app. Its payments went with it; say so rather than show nothing silently.
    logger.warn(
      { account: scope.account, customer: scope.customerId },
      "customer no longer exists in account",
    );
    return [];
  }
  return payments;
}

/**
 * Every payment of the customer in every account it may live in (see `paymentScopes`), read in
 * parallel; one failing account does not hide the others.
 */
export async function customerPayments(
  strategy: SharingStrategy,
  userId: string,
  canonicalId: string,
): Promise<AccountPayments> {
  const scopes = await paymentScopes(strategy, userId, canonicalId);
  const results = await Promise.allSettled(scopes.map(paymentsInScope));
  const payments: StripePayment[] = [];
  const unavailable = new Set<string>();
  results.forEach((result, index) => {
    const scope = scopes[index];
    if (!scope) return;
    if (result.status === "fulfilled") payments.push(...result.value);
    else {
      logger.warn({ err: result.reason, account: scope.account }, "payments of an account unavailable");
      unavailable.add(scope.brand ?? scope.account);
    }
  });
  return { payments, unavailable: [...unavailable] };
}
