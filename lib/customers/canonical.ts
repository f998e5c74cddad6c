import "server-only";
import type Stripe from "stripe";
import { profileFromCustomer } from "@/lib/customers/profile";
import type { SharedProfile, SharingStrategy } from "@/lib/customers/strategy";
import { prisma } from "@/lib/db";
import { isMissingCustomer } from "@/lib/stripe/errors";

export interface CustomerOwner {
  id: string;
  email: string;
  name: string | null;
  /** The canonical id as the caller read it in this request; absent: read it here. */
  stripeCustomerId?: string | null;
}

/**
 * Runs `run` with what `prepare` found (or made) for the owner's customer. When
 * Stripe answers that this customer no longer exists (deleted in the Dashboard),
 * the strategy replaces it and both run once more, with the new customer; a
 * second failure is the caller's.
 */
export async function withLiveCustomer<Prepared extends { customerId: string }, Result>(
  strategy: SharingStrategy,
  owner: CustomerOwner,
  prepare: (owner: CustomerOwner) => Promise<Prepared>,
  run: (prepared: Prepared) => Promise<Result>,
): Promise<{ prepared: Prepared; result: Result }> {
  const prepared = await prepare(owner);
  try {
    return { prepared, result: await run(prepared) };
  } catch (error) {
    if (!isMissingCustomer(error)) throw error;
    await strategy.replaceMissingCustomer(owner, prepared.customerId);
    // The id this request read earlier is the one Stripe no longer has: read the link again.
    const replaced = await prepare({ ...owner, stripeCustomerId: undefined });
    return { prepared: replaced, result: await run(replaced) };
  }
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

/** A customer's card PaymentMethods in the account `stripe` acts in; none when Stripe no longer has the customer. */
export async function listCards(stripe: Stripe, customerId: string): Promise<Stripe.PaymentMethod[]> {
  try {
    return (await stripe.customers.listPaymentMethods(customerId, { type: "card", limit: 100 })).data;
  } catch (error) {
    if (isMissingCustomer(error)) return [];
    throw error;
  }
}

/** The shared profile of a customer in the account `stripe` acts in; empty for a deleted customer. */
export async function customerProfile(stripe: Stripe, customerId: string): Promise<SharedProfile> {
  const customer = await stripe.customers.retrieve(customerId);
  if (customer.deleted) return { name: null, email: null, phone: null, address: null };
  return profileFromCustomer(customer);
}
