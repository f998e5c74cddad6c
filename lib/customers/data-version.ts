import "server-only";
import { prisma, type Prisma } from "@/lib/db";
import { logger } from "@/lib/logger";

/**
 * The dashboard keeps short per-instance caches of what Stripe holds for a customer. Keys carry
 * the customer's `stripeDataVersion`, and every change made through the app (an admin's, or a
 * shopper's purchase, card or profile) bumps it in the database, so each instance misses at its
 * next load instead of serving a stale page.
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

/**
 * The same, inside the caller's transaction, for a change recorded with it (a completed
 * purchase: a new payment, perhaps a newly saved card).
 */
export async function userCustomerChanged(db: Prisma.TransactionClient, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { stripeDataVersion: { increment: 1 } } });
}
