import "server-only";
import type Stripe from "stripe";
import { brandForAccount, brands } from "@/lib/brands";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { prisma } from "@/lib/db";
import { accountStripe } from "@/lib/stripe/client";

/** One place a customer's payments live: a Stripe account and the customer id to ask it about. */
export interface PaymentScope {
  account: string;
  customerId: string;
  stripe: Stripe;
  /** The brand the account belongs to; null for a shared account (the Connect platform). */
  brand: string | null;
}

/**
 * Every (account, customer) pair to read a customer's payments from, once each:
 * - each brand's account with the customer the strategy says lives there (the
 *   canonical id, or the brand's own copy of it), which also finds payments made
 *   outside the app; a brand where the shopper has no customer yet is skipped;
 * - every (account, customer) our checkouts used (our mapping: a Connect clone
 *   in a connected account, the platform customer for a destination charge).
 */
export async function paymentScopes(
  strategy: SharingStrategy,
  userId: string,
  canonicalId: string,
): Promise<PaymentScope[]> {
  const [fromStrategy, fromCheckouts] = await Promise.all([
    Promise.all(
      brands.map(async (brand) => {
        const { account, stripe } = strategy.brandAccount(brand);
        return { account, stripe, customerId: await strategy.accountCustomerId(brand, canonicalId) };
      }),
    ),
    prisma.checkout.groupBy({ by: ["account", "customerId"], where: { userId, customerId: { not: null } } }),
  ]);
  const scopes = new Map<string, PaymentScope>();
  const add = (account: string, customerId: string | null, stripe: Stripe | null) => {
    if (!customerId || !stripe || scopes.has(`${account}|${customerId}`)) return;
    scopes.set(`${account}|${customerId}`, {
      account,
      customerId,
      stripe,
      brand: brandForAccount(account)?.slug ?? null,
    });
  };
  for (const scope of fromStrategy) add(scope.account, scope.customerId, scope.stripe);
  for (const row of fromCheckouts) add(row.account, row.customerId, accountStripe(row.account));
  return [...scopes.values()];
}
