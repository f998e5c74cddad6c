import "server-only";
import type Stripe from "stripe";
import {
  expireCheckout,
  ImpossibleTransitionError,
  recordPaymentFailure,
  recordRefunds,
  type Db,
} from "@/lib/checkout/lifecycle";
import { expireOtherSessionsOfCart } from "@/lib/checkout/one-payment-per-cart";
import {
  applyCompletedCheckout,
  COMPLETED_SESSION_EXPAND,
  paymentDetails,
  type PaymentDetails,
} from "@/lib/checkout/orders";
import { sharingStrategy } from "@/lib/customers";
import { profileFromCustomer } from "@/lib/customers/profile";
import type { SharedProfile } from "@/lib/customers/strategy";
import { prisma } from "@/lib/db";
import { isResourceMissing } from "@/lib/stripe/errors";
import { idOf } from "@/lib/stripe/ids";
import { redactText } from "@/lib/redact";
import { eventAccount } from "@/lib/webhooks/verify";

/**
 * Event handling in two steps: `prepare` reads whatever it needs from Stripe
 * (and, for a paid checkout, expires the cart's other sessions there) and touches
 * no table; `apply` writes inside the transaction that records the event, every
 * status change through the transitions of `lib/checkout/lifecycle.ts`. An event is only a hint that something changed: its copy of the object
 * is never trusted (a delivery can be stale, replayed or, with a leaked signing
 * secret, forged). Handlers take the object's id from it and read the object as
 * Stripe holds it now, so neither the order events arrive in nor what their
 * `created` says can roll anything back.
 */
export type Plan =
  | {
      kind: "complete-checkout";
      checkoutId: string;
      session: Stripe.Checkout.Session;
      payment: PaymentDetails;
      /** The cart's other sessions, expired in Stripe on the way: one cart, one payment. */
      closedSiblings: string[];
    }
  | { kind: "expire-checkout"; checkoutId: string }
  | { kind: "payment-failed"; checkoutId: string; message: string }
  | { kind: "refunds"; paymentIntentId: string; amountRefunded: number }
  | { kind: "profile"; customerId: string; profile: SharedProfile }
  | { kind: "nothing"; outcome: "applied" | "ignored"; detail: string };

export interface Applied {
  outcome: "applied" | "ignored";
  detail: string;
}

const ignore = (detail: string): Plan => ({ kind: "nothing", outcome: "ignored", detail });

async function ourCheckout(sessionId: string) {
  return prisma.checkout.findUnique({
    where: { id: sessionId },
    select: { id: true, userId: true, cartKey: true },
  });
}

async function refundsOfRefund(stripe: Stripe, refundId: string): Promise<Plan> {
  const refund = await stripe.refunds.retrieve(refundId);
  return refundsOfCharge(stripe, idOf(refund.charge));
}

async function refundsOfCharge(stripe: Stripe, chargeId: string | null): Promise<Plan> {
  if (!chargeId) return ignore("no charge on this refund");
  const charge = await stripe.charges.retrieve(chargeId);
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return ignore("charge without a payment intent");
  return { kind: "refunds", paymentIntentId, amountRefunded: charge.amount_refunded };
}

const STRIPE_BACKED = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.expired",
  "payment_intent.payment_failed",
  "charge.refunded",
  "charge.refund.updated",
  "refund.created",
  "refund.updated",
  "refund.failed",
  "customer.updated",
]);

/** Whether handling this event type reads from Stripe (or our tables) before writing. */
export function needsStripe(type: string): boolean {
  return STRIPE_BACKED.has(type);
}

export async function prepare(event: Stripe.Event, stripe: Stripe): Promise<Plan> {
  try {
    return await prepareFromStripe(event, stripe);
  } catch (error) {
    // The object is gone (deleted, or never existed): a retry can never succeed, so the
    // event is settled as ignored instead of failing and being redelivered for days.
    if (isResourceMissing(error)) {
      const reason = error instanceof Error ? redactText(error.message) : "not found";
      return ignore(`its object no longer exists at Stripe (${reason})`);
    }
    throw error;
  }
}

async function prepareFromStripe(event: Stripe.Event, stripe: Stripe): Promise<Plan> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const checkout = await ourCheckout(event.data.object.id);
      if (!checkout) {
        const session = await stripe.checkout.sessions.retrieve(event.data.object.id);
        // A card saved from the org dashboard: no order; saved cards are read live.
        return session.mode === "setup"
          ? { kind: "nothing", outcome: "applied", detail: "card setup; saved cards are read live" }
          : ignore("not a checkout this app created");
      }
      // One read: the session with its payment (card, refunds).
      const session = await stripe.checkout.sessions.retrieve(checkout.id, {
        expand: COMPLETED_SESSION_EXPAND,
      });
      if (session.status !== "complete") return ignore(`session is ${session.status ?? "unknown"}`);
      return {
        kind: "complete-checkout",
        checkoutId: checkout.id,
        session,
        payment: paymentDetails(session),
        closedSiblings: await expireOtherSessionsOfCart(checkout),
      };
    }
    case "checkout.session.expired": {
      const checkout = await ourCheckout(event.data.object.id);
      if (!checkout) return ignore("not a checkout this app created");
      const session = await stripe.checkout.sessions.retrieve(checkout.id);
      if (session.status !== "expired") return ignore(`session is ${session.status ?? "unknown"}`);
      return { kind: "expire-checkout", checkoutId: checkout.id };
    }
    case "payment_intent.payment_failed": {
      const intent = await stripe.paymentIntents.retrieve(event.data.object.id);
      // Only a payment still waiting for another card has a failure worth showing.
      if (intent.status !== "requires_payment_method") return ignore(`payment is ${intent.status}`);
      const sessions = await stripe.checkout.sessions.list({ payment_intent: intent.id, limit: 1 });
      const checkoutId = sessions.data[0] ? (await ourCheckout(sessions.data[0].id))?.id : null;
      if (!checkoutId) return ignore("not a payment of a checkout this app created");
      const message = intent.last_payment_error?.message ?? "The payment failed.";
      return { kind: "payment-failed", checkoutId, message };
    }
    case "charge.refunded":
      return refundsOfCharge(stripe, event.data.object.id);
    case "charge.refund.updated":
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
      return refundsOfRefund(stripe, event.data.object.id);
    case "customer.updated": {
      const customer = await stripe.customers.retrieve(event.data.object.id);
      if (customer.deleted) return ignore("customer was deleted");
      return { kind: "profile", customerId: customer.id, profile: profileFromCustomer(customer) };
    }
    case "payment_method.attached":
      // The strategy makes a newly saved card usable at every brand ahead of the next checkout.
      return {
        kind: "nothing",
        ...(await sharingStrategy().shareSavedCard(eventAccount(event), event.data.object.id)),
      };
    case "payment_method.detached":
    case "payment_method.updated":
    case "payment_method.automatically_updated":
      // Saved cards are read live from Stripe on every page, so there is no cache to refresh.
      return { kind: "nothing", outcome: "applied", detail: "saved cards are read live; nothing cached" };
    default:
      return ignore(`no handler for ${event.type}`);
  }
}

export async function apply(db: Db, plan: Plan): Promise<Applied> {
  try {
    return await applyPlan(db, plan);
  } catch (error) {
    // Our row says something Stripe contradicts (e.g. expired, yet Stripe says paid): settle the
    // event as ignored with the reason, rather than have it redelivered for days.
    if (error instanceof ImpossibleTransitionError) return { outcome: "ignored", detail: error.message };
    throw error;
  }
}

async function applyPlan(db: Db, plan: Plan): Promise<Applied> {
  switch (plan.kind) {
    case "complete-checkout": {
      const checkout = await db.checkout.findUniqueOrThrow({ where: { id: plan.checkoutId } });
      const order = await applyCompletedCheckout(
        db,
        checkout,
        plan.session,
        plan.payment,
        plan.closedSiblings,
      );
      return { outcome: "applied", detail: `order ${order.id} is ${order.status}` };
    }
    case "expire-checkout": {
      const moved = await expireCheckout(db, plan.checkoutId);
      return moved === "moved"
        ? { outcome: "applied", detail: "checkout expired" }
        : { outcome: "ignored", detail: "already closed" };
    }
    case "payment-failed": {
      return (await recordPaymentFailure(db, plan.checkoutId, plan.message))
        ? { outcome: "applied", detail: `payment failed: ${redactText(plan.message)}` }
        : { outcome: "ignored", detail: "checkout no longer open" };
    }
    case "refunds": {
      const order = await db.order.findFirst({ where: { paymentIntentId: plan.paymentIntentId } });
      // No order yet: its completion reads the refund state itself when it lands.
      if (!order) return { outcome: "ignored", detail: "no order for this payment yet" };
      const next = await recordRefunds(db, order, plan.amountRefunded);
      return {
        outcome: "applied",
        detail: `order ${order.id} is ${next.status} (${next.amountRefunded} refunded)`,
      };
    }
    case "profile": {
      const user = await db.user.findUnique({ where: { stripeCustomerId: plan.customerId } });
      if (!user) return { outcome: "ignored", detail: "no user has this customer" };
      const emailFree =
        plan.profile.email &&
        plan.profile.email !== user.email &&
        !(await db.user.findUnique({ where: { email: plan.profile.email }, select: { id: true } }));
      await db.user.update({
        where: { id: user.id },
        data: {
          name: plan.profile.name,
          phone: plan.profile.phone,
          address: plan.profile.address ? JSON.stringify(plan.profile.address) : null,
          ...(emailFree && plan.profile.email ? { email: plan.profile.email } : {}),
        },
      });
      // A new email is a new sign-in credential: the user's sessions end with it.
      if (emailFree) await db.session.deleteMany({ where: { userId: user.id } });
      return { outcome: "applied", detail: "profile synced from Stripe" };
    }
    case "nothing":
      return { outcome: plan.outcome, detail: plan.detail };
  }
}
