import "server-only";
import type Stripe from "stripe";
import {
  completeCheckout,
  expireCheckout,
  recordRefunds,
  refundState,
  type Db,
} from "@/lib/checkout/lifecycle";
import { recordChange } from "@/lib/audit/trail";
import type { TrailCard } from "@/lib/audit/entries";
import { expireOtherSessionsOfCart } from "@/lib/checkout/one-payment-per-cart";
import { sharingStrategy } from "@/lib/customers";
import { userCustomerChanged } from "@/lib/customers/data-version";
import type { Checkout, Order } from "@/lib/db";
import { isUniqueViolation, prisma } from "@/lib/db";
import { idOf } from "@/lib/stripe/ids";

export type { Db } from "@/lib/checkout/lifecycle";
export { refundState, type OrderState as OrderStatus } from "@/lib/checkout/lifecycle";

/**
 * What a completed session's payment needs from Stripe, in the one read of the session: the
 * PaymentIntent with its card and its latest charge (what has been refunded so far).
 */
export const COMPLETED_SESSION_EXPAND = ["payment_intent.payment_method", "payment_intent.latest_charge"];

export interface PaymentDetails {
  paymentIntentId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  /** What has been refunded so far (the charge's current state). */
  amountRefunded: number;
  /** The card, when it is saved for one-click checkout; `created` is when Stripe made it (unix seconds). */
  savedCard: (TrailCard & { created: number }) | null;
}

/**
 * Which PaymentIntent paid a session, with which card, and what has been refunded since, from a
 * session read with `COMPLETED_SESSION_EXPAND` (no further call to Stripe).
 */
export function paymentDetails(
  session: Pick<Stripe.Checkout.Session, "payment_intent" | "customer">,
): PaymentDetails {
  const ref = session.payment_intent;
  const none = { cardBrand: null, cardLast4: null, amountRefunded: 0, savedCard: null };
  if (!ref) return { paymentIntentId: null, ...none };
  if (typeof ref === "string") {
    // Read without the expansion: the card and refunds are filled in by a later completion.
    return { paymentIntentId: ref, ...none };
  }
  const method = typeof ref.payment_method === "object" ? ref.payment_method : null;
  const charge = typeof ref.latest_charge === "object" ? ref.latest_charge : null;
  return {
    paymentIntentId: ref.id,
    cardBrand: method?.card?.display_brand ?? method?.card?.brand ?? null,
    cardLast4: method?.card?.last4 ?? null,
    amountRefunded: charge?.amount_refunded ?? 0,
    savedCard:
      method && isSavedForReuse(method, idOf(session.customer))
        ? {
            id: method.id,
            brand: method.card?.brand ?? null,
            last4: method.card?.last4 ?? null,
            created: method.created,
          }
        : null,
  };
}

/**
 * A card is saved for one-click checkout when Stripe keeps it on the session's customer and
 * lets Checkout offer it again (`allow_redisplay: "always"`, what the shopper's "Save my card"
 * consent sets). A card paid with and not saved is left unattached, or attached with a
 * redisplay setting Checkout does not offer.
 */
function isSavedForReuse(method: Stripe.PaymentMethod, customer: string | null): boolean {
  return customer !== null && idOf(method.customer) === customer && method.allow_redisplay === "always";
}

export type CompletedSession = Pick<Stripe.Checkout.Session, "customer" | "amount_total" | "currency">;

/**
 * Records a completed Checkout Session as exactly one Order, inside the caller's transaction,
 * and marks the cart's other sessions that Stripe expired on the way (`closedSiblings`).
 * Whoever comes first (return page or webhook) creates the order; later calls only fill in what
 * is missing and never roll state back.
 */
export async function applyCompletedCheckout(
  db: Db,
  checkout: Checkout,
  session: CompletedSession,
  payment: PaymentDetails,
  closedSiblings: readonly string[] = [],
): Promise<Order> {
  const customerId = typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null);
  // Only a canonical customer becomes the user's link; a brand's copy of one never does.
  if (customerId && sharingStrategy().holdsCanonicalCustomers(checkout.account)) {
    await db.user.updateMany({
      where: { id: checkout.userId, stripeCustomerId: null },
      data: { stripeCustomerId: customerId },
    });
  }
  await completeCheckout(db, checkout.id);
  // Where and when a card was saved, for the trail and the checkout's "why is this card here".
  // Only a card made in this checkout (typed in and saved), not a saved card paid with again,
  // and once per card, whichever of the return page and the webhook records it first.
  const saved = payment.savedCard;
  if (saved && saved.created >= Math.floor(checkout.createdAt.getTime() / 1000)) {
    await recordChange(
      db,
      checkout.userId,
      { id: checkout.userId, role: "shopper" },
      {
        action: "card.saved",
        card: { id: saved.id, brand: saved.brand, last4: saved.last4 },
        brand: checkout.brand,
      },
      `card.saved:${saved.id}`,
    );
  }
  for (const sibling of closedSiblings) await expireCheckout(db, sibling);
  const existing = await db.order.findUnique({ where: { checkoutId: checkout.id } });
  if (existing) {
    const missing = {
      paymentIntentId: existing.paymentIntentId ?? payment.paymentIntentId,
      cardBrand: existing.cardBrand ?? payment.cardBrand,
      cardLast4: existing.cardLast4 ?? payment.cardLast4,
    };
    const filled =
      missing.paymentIntentId !== existing.paymentIntentId ||
      missing.cardBrand !== existing.cardBrand ||
      missing.cardLast4 !== existing.cardLast4;
    if (filled) await db.order.update({ where: { id: existing.id }, data: missing, select: { id: true } });
    const refunds = await recordRefunds(db, existing, payment.amountRefunded);
    return { ...existing, ...missing, ...refunds };
  }
  const amountTotal = session.amount_total ?? checkout.amountTotal;
  // What the dashboard shows of this customer (payments, saved cards) changed with the purchase.
  await userCustomerChanged(db, checkout.userId);
  return db.order.create({
    data: {
      userId: checkout.userId,
      checkoutId: checkout.id,
      brand: checkout.brand,
      account: checkout.account,
      paymentIntentId: payment.paymentIntentId,
      amountTotal,
      currency: session.currency ?? checkout.currency,
      lineItems: checkout.lineItems,
      cardBrand: payment.cardBrand,
      cardLast4: payment.cardLast4,
      ...refundState(amountTotal, 0, payment.amountRefunded),
    },
  });
}

/**
 * The one way the return page records a completion: the cart's other open sessions are expired
 * in Stripe first (one cart, one payment), then the order and every status change commit
 * together. Safe to call any number of times, concurrently with the webhook.
 */
export async function recordCompletedCheckout(
  checkout: Checkout,
  session: CompletedSession & Pick<Stripe.Checkout.Session, "payment_intent">,
): Promise<Order> {
  const payment = paymentDetails(session);
  const closedSiblings = await expireOtherSessionsOfCart(checkout);
  try {
    return await prisma.$transaction((tx) =>
      applyCompletedCheckout(tx, checkout, session, payment, closedSiblings),
    );
  } catch (error) {
    // Another writer created the order between our read and our insert.
    if (!isUniqueViolation(error)) throw error;
    return prisma.order.findUniqueOrThrow({ where: { checkoutId: checkout.id } });
  }
}

export async function listOrders(userId: string, brand?: string): Promise<Order[]> {
  return prisma.order.findMany({
    where: { userId, ...(brand ? { brand } : {}) },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
}
