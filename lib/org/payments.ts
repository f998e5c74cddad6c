import "server-only";
import type Stripe from "stripe";
import { brands, type Brand } from "@/lib/brands";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { logger } from "@/lib/logger";
import { paymentFromIntent, type StripePayment } from "@/lib/org/timeline";
import { isMissingCustomer } from "@/lib/stripe/errors";

/** Most payments read per brand account for one customer (newest first). */
export const MAX_PAYMENTS_PER_ACCOUNT = 500;

export interface AccountPayments {
  payments: StripePayment[];
  /** Brands whose account could not be read just now (their orders still show, from our database). */
  unavailable: string[];
}

async function paymentsInAccount(
  strategy: SharingStrategy,
  brand: Brand,
  canonicalId: string,
): Promise<StripePayment[]> {
  const customer = strategy.accountCustomerId
    ? await strategy.accountCustomerId(brand, canonicalId)
    : canonicalId;
  if (!customer) return [];
  const stripe = strategy.brandStripe(brand);
  const account = strategy.checkoutAccount(brand).account;
  const payments: StripePayment[] = [];
  try {
    const list = stripe.paymentIntents.list({
      customer,
      limit: 100,
      expand: ["data.latest_charge", "data.payment_method"],
    });
    for await (const intent of list as AsyncIterable<Stripe.PaymentIntent>) {
      const payment = paymentFromIntent(brand.slug, account, intent);
      if (payment) payments.push(payment);
      if (payments.length >= MAX_PAYMENTS_PER_ACCOUNT) break;
    }
  } catch (error) {
    if (isMissingCustomer(error)) return [];
    throw error;
  }
  return payments;
}

/** Every brand account's payments of the customer, read in parallel; one failing account does not hide the others. */
export async function customerPayments(
  strategy: SharingStrategy,
  canonicalId: string,
): Promise<AccountPayments> {
  const results = await Promise.allSettled(
    brands.map((brand) => paymentsInAccount(strategy, brand, canonicalId)),
  );
  const payments: StripePayment[] = [];
  const unavailable: string[] = [];
  results.forEach((result, index) => {
    const brand = brands[index];
    if (!brand) return;
    if (result.status === "fulfilled") payments.push(...result.value);
    else {
      logger.warn({ err: result.reason, brand: brand.slug }, "payments of a brand account unavailable");
      unavailable.push(brand.slug);
    }
  });
  return { payments, unavailable };
}
