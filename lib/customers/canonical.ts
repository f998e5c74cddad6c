import "server-only";
import type Stripe from "stripe";
import { prisma } from "@/lib/db";

export interface CustomerOwner {
  id: string;
  email: string;
  name: string | null;
  /** The canonical id as the caller read it in this request; absent: read it here. */
  stripeCustomerId?: string | null;
}

/**
 * The owner as a retry after `replaceMissingCustomer` must see them: the id the
 * request read earlier is the one Stripe no longer has, so read the link again.
 */
export function withoutKnownCustomer(owner: CustomerOwner): CustomerOwner {
  return { ...owner, stripeCustomerId: undefined };
}

/**
 * The user's one canonical Stripe customer id, created on first need.
 *
 * Concurrent first purchases (two tabs, two brands) must end with one customer:
 * the create call uses an idempotency key derived from the user (and the id it
 * replaces), so racing requests get the same Stripe customer, and the database
 * link is only written while it is still empty (first writer wins; everyone then
 * reads the winner).
 */
export async function ensureCanonicalCustomer(
  owner: CustomerOwner,
  stripe: Stripe,
  replacing: string | null = null,
): Promise<string> {
  const current =
    owner.stripeCustomerId !== undefined && replacing === null
      ? owner.stripeCustomerId
      : await storedCustomerId(owner.id);
  if (current && current !== replacing) return current;

  const customer = await stripe.customers.create(
    { email: owner.email, name: owner.name ?? undefined, metadata: { rocket_user_id: owner.id } },
    { idempotencyKey: `rocket-customer:${owner.id}:${replacing ?? "first"}` },
  );
  await linkCanonicalCustomer(owner.id, customer.id, replacing);
  const linked = await storedCustomerId(owner.id);
  if (!linked) throw new Error(`Could not link a Stripe customer to user ${owner.id}`);
  return linked;
}

/**
 * Records `customerId` as the user's canonical customer when the user has none
 * (or still has `replacing`). Idempotent: the return page and the webhook may
 * both call it, in either order.
 */
export async function linkCanonicalCustomer(
  userId: string,
  customerId: string,
  replacing: string | null = null,
): Promise<boolean> {
  const { count } = await prisma.user.updateMany({
    where: { id: userId, stripeCustomerId: replacing },
    data: { stripeCustomerId: customerId },
  });
  return count === 1;
}

async function storedCustomerId(userId: string): Promise<string | null> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  return user?.stripeCustomerId ?? null;
}
