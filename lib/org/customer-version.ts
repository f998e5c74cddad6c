import "server-only";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";

/**
 * The dashboard keeps short per-instance caches of what Stripe holds for a customer. Keys carry
 * the customer's `stripeDataVersion`, and every change made through the app bumps it in the
 * database, so each instance misses at its next load instead of serving a stale page.
 */
export function versionedKey(customerId: string, version: number): string {
  return `${customerId}@${version}`;
}

/** Records that what Stripe holds for this customer changed (refund, card, profile). */
export async function customerChanged(customerId: string): Promise<void> {
  await prisma.user
    .updateMany({ where: { stripeCustomerId: customerId }, data: { stripeDataVersion: { increment: 1 } } })
    .catch((error: unknown) => {
      // The caches expire on their own within seconds; the change itself is already made.
      logger.warn({ err: error, customerId }, "could not mark the customer as changed");
    });
}
