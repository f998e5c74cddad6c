import type Stripe from "stripe";
import { idOf } from "@/lib/stripe/ids";

/** What a payment looks like on a customer's timeline. */
export type TransactionStatus =
  | "paid"
  | "partially_refunded"
  | "refunded"
  | "failed"
  | "canceled"
  /** Waiting for the shopper: 3D Secure or another step they never finished. */
  | "awaiting_shopper"
  /** With the bank or Stripe: processing, or authorised and not captured yet. */
  | "pending";

/** How each state is named to an admin. */
export const STATUS_LABELS: Record<TransactionStatus, string> = {
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
  failed: "Failed",
  canceled: "Canceled",
  awaiting_shopper: "Waiting for 3D Secure",
  pending: "Processing",
};

/**
 * Where a payment came from: a completed checkout of ours (an order), a checkout started in
 * the app that has no order (abandoned, declined or not recorded yet), or a payment made
 * outside the app (e.g. in the Stripe Dashboard).
 */
export type PaymentOrigin = "order" | "app_checkout" | "outside";

/** One payment as one brand account reports it (a PaymentIntent with its latest charge). */
export interface StripePayment {
  brand: string;
  account: string;
  paymentIntentId: string;
  chargeId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: TransactionStatus;
  card: { brand: string; last4: string } | null;
  /** Unix seconds. */
  created: number;
  /** Created by one of our Checkout Sessions (its metadata names our user). */
  fromAppCheckout: boolean;
}

/** The fields of our Order the timeline uses. */
export interface OrderRecord {
  id: string;
  brand: string;
  account: string;
  paymentIntentId: string | null;
  amountTotal: number;
  amountRefunded: number;
  currency: string;
  status: string;
  cardBrand: string | null;
  cardLast4: string | null;
  paidAt: Date;
  /** What was bought, e.g. "City ride × 2". */
  summary: string;
}

export interface TimelineEntry {
  /** Stable across refreshes: the PaymentIntent id, else the order id. */
  key: string;
  brand: string;
  account: string;
  paymentIntentId: string | null;
  orderId: string | null;
  summary: string | null;
  amount: number;
  amountRefunded: number;
  /** What a refund may still return: only for paid payments Stripe reported. */
  refundable: number;
  currency: string;
  status: TransactionStatus;
  card: { brand: string; last4: string } | null;
  /** ISO time. */
  created: string;
  /** Where the entry was read: Stripe and our order, Stripe only, or our order only. */
  source: "stripe+order" | "stripe" | "order";
  /** Where the payment itself came from. */
  origin: PaymentOrigin;
}

/** What the timeline's "What" column says: what was bought, else where the payment came from. */
export function paymentDescription(entry: Pick<TimelineEntry, "summary" | "origin" | "status">): string {
  if (entry.summary) return entry.summary;
  if (entry.origin === "outside") return "Payment outside the app";
  switch (entry.status) {
    case "failed":
      return "Checkout in the app, payment failed";
    case "canceled":
      return "Checkout in the app, canceled";
    case "awaiting_shopper":
    case "pending":
      return "Checkout in the app, not completed";
    default:
      // Paid, but the order is not recorded yet (the return page and the webhook both record it).
      return "Checkout in the app, order being recorded";
  }
}

export function refundStatus(amount: number, refunded: number): TransactionStatus {
  if (refunded <= 0) return "paid";
  return refunded >= amount ? "refunded" : "partially_refunded";
}

/**
 * A PaymentIntent (listed with `data.latest_charge` and `data.payment_method`
 * expanded) as a timeline payment, or null when it never was a payment attempt
 * (created but not confirmed yet).
 */
export function paymentFromIntent(
  brand: string,
  account: string,
  intent: Stripe.PaymentIntent,
): StripePayment | null {
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  const method = typeof intent.payment_method === "object" ? intent.payment_method : null;
  const chargeCard = charge?.payment_method_details?.card ?? null;
  const cardBrand = chargeCard?.brand ?? method?.card?.display_brand ?? method?.card?.brand ?? null;
  const last4 = chargeCard?.last4 ?? method?.card?.last4 ?? null;
  let status: TransactionStatus;
  let amount = intent.amount;
  let amountRefunded = 0;
  switch (intent.status) {
    case "succeeded":
      amount = charge?.amount_captured || charge?.amount || intent.amount_received || intent.amount;
      amountRefunded = charge?.amount_refunded ?? 0;
      status = refundStatus(amount, amountRefunded);
      break;
    case "canceled":
      status = "canceled";
      break;
    case "requires_payment_method":
      if (!intent.last_payment_error && !charge) return null;
      status = "failed";
      break;
    case "requires_action":
    case "requires_confirmation":
      status = "awaiting_shopper";
      break;
    default:
      status = "pending";
  }
  return {
    brand,
    account,
    paymentIntentId: intent.id,
    chargeId: idOf(intent.latest_charge),
    amount,
    amountRefunded,
    currency: intent.currency,
    status,
    card: cardBrand && last4 ? { brand: cardBrand, last4 } : null,
    created: intent.created,
    fromAppCheckout: Boolean(intent.metadata?.rocket_user_id),
  };
}

/**
 * One timeline from every brand account's payments and our orders, newest
 * first. Stripe is the truth for amounts, refunds and status; an order adds
 * what was bought. A payment Stripe did not report (its account could not be
 * read) still shows from our order, without a refund action.
 */
export function mergeTimeline(
  payments: readonly StripePayment[],
  orders: readonly OrderRecord[],
): TimelineEntry[] {
  const ordersByIntent = new Map<string, OrderRecord>();
  for (const order of orders) if (order.paymentIntentId) ordersByIntent.set(order.paymentIntentId, order);
  const seen = new Set<string>();
  const entries: TimelineEntry[] = [];

  for (const payment of payments) {
    if (seen.has(payment.paymentIntentId)) continue;
    seen.add(payment.paymentIntentId);
    const order = ordersByIntent.get(payment.paymentIntentId) ?? null;
    const live = payment.status === "paid" || payment.status === "partially_refunded";
    entries.push({
      key: payment.paymentIntentId,
      brand: payment.brand,
      account: payment.account,
      paymentIntentId: payment.paymentIntentId,
      orderId: order?.id ?? null,
      summary: order?.summary ?? null,
      amount: payment.amount,
      amountRefunded: payment.amountRefunded,
      refundable: live ? Math.max(0, payment.amount - payment.amountRefunded) : 0,
      currency: payment.currency,
      status: payment.status,
      card:
        payment.card ??
        (order?.cardBrand && order.cardLast4 ? { brand: order.cardBrand, last4: order.cardLast4 } : null),
      created: new Date(payment.created * 1000).toISOString(),
      source: order ? "stripe+order" : "stripe",
      origin: order ? "order" : payment.fromAppCheckout ? "app_checkout" : "outside",
    });
  }

  for (const order of orders) {
    if (order.paymentIntentId && seen.has(order.paymentIntentId)) continue;
    entries.push({
      key: order.paymentIntentId ?? order.id,
      brand: order.brand,
      account: order.account,
      paymentIntentId: order.paymentIntentId,
      orderId: order.id,
      summary: order.summary,
      amount: order.amountTotal,
      amountRefunded: order.amountRefunded,
      refundable: 0,
      currency: order.currency,
      status: refundStatus(order.amountTotal, order.amountRefunded),
      card: order.cardBrand && order.cardLast4 ? { brand: order.cardBrand, last4: order.cardLast4 } : null,
      created: order.paidAt.toISOString(),
      source: "order",
      origin: "order",
    });
  }

  // Stable: payments of the same second keep the order their account listed them in (newest first).
  return entries.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
}
