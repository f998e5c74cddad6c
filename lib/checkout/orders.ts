import "server-only";
import type Stripe from "stripe";
import { sharingStrategy } from "@/lib/customers";
import type { Checkout, Order } from "@/lib/db";
import { isUniqueViolation, prisma, type Prisma } from "@/lib/db";

/** A client that can run inside a transaction or on its own. */
export type Db = Prisma.TransactionClient;

export interface PaymentDetails {
  paymentIntentId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  /** What has been refunded so far (the charge's current state). */
  amountRefunded: number;
}

/** Which PaymentIntent paid a session, with which card, and what has been refunded since. */
export async function paymentDetails(
  stripe: Stripe,
  session: Stripe.Checkout.Session,
): Promise<PaymentDetails> {
  const ref = session.payment_intent;
  if (!ref) return { paymentIntentId: null, cardBrand: null, cardLast4: null, amountRefunded: 0 };
  const id = typeof ref === "string" ? ref : ref.id;
  const intent = await stripe.paymentIntents.retrieve(id, { expand: ["payment_method", "latest_charge"] });
  const method = typeof intent.payment_method === "object" ? intent.payment_method : null;
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  return {
    paymentIntentId: intent.id,
    cardBrand: method?.card?.display_brand ?? method?.card?.brand ?? null,
    cardLast4: method?.card?.last4 ?? null,
    amountRefunded: charge?.amount_refunded ?? 0,
  };
}

export type OrderStatus = "paid" | "partially_refunded" | "refunded";

/** Refunds only ever grow, so the larger amount is always the newer truth. */
export function refundState(
  amountTotal: number,
  knownRefunded: number,
  reportedRefunded: number,
): { amountRefunded: number; status: OrderStatus } {
  const amountRefunded = Math.min(amountTotal, Math.max(knownRefunded, reportedRefunded));
  const status =
    amountRefunded === 0 ? "paid" : amountRefunded >= amountTotal ? "refunded" : "partially_refunded";
  return { amountRefunded, status };
}

/**
 * Records a completed Checkout Session as exactly one Order, inside the
 * caller's transaction. Whoever comes first (return page or webhook) creates
 * it; later calls only fill in what is missing and never roll state back.
 */
export async function applyCompletedCheckout(
  db: Db,
  checkout: Checkout,
  session: Pick<Stripe.Checkout.Session, "customer" | "amount_total" | "currency">,
  payment: PaymentDetails,
): Promise<Order> {
  const customerId = typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null);
  // Only a canonical customer becomes the user's link; a brand's copy of one never does.
  if (customerId && sharingStrategy().holdsCanonicalCustomers(checkout.account)) {
    await db.user.updateMany({
      where: { id: checkout.userId, stripeCustomerId: null },
      data: { stripeCustomerId: customerId },
    });
  }
  await db.checkout.update({
    where: { id: checkout.id },
    data: { status: "complete", lastPaymentError: null },
  });
  const existing = await db.order.findUnique({ where: { checkoutId: checkout.id } });
  if (existing) {
    const refunds = refundState(existing.amountTotal, existing.amountRefunded, payment.amountRefunded);
    return db.order.update({
      where: { id: existing.id },
      data: {
        ...refunds,
        paymentIntentId: existing.paymentIntentId ?? payment.paymentIntentId,
        cardBrand: existing.cardBrand ?? payment.cardBrand,
        cardLast4: existing.cardLast4 ?? payment.cardLast4,
      },
    });
  }
  const amountTotal = session.amount_total ?? checkout.amountTotal;
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

/** `applyCompletedCheckout` in a transaction of its own; safe to call any number of times. */
export async function recordCompletedCheckout(
  checkout: Checkout,
  session: Pick<Stripe.Checkout.Session, "customer" | "amount_total" | "currency">,
  payment: PaymentDetails,
): Promise<Order> {
  try {
    return await prisma.$transaction((tx) => applyCompletedCheckout(tx, checkout, session, payment));
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
