import "server-only";
import type Stripe from "stripe";
import {
  applyCompletedCheckout,
  paymentDetails,
  refundState,
  type Db,
  type PaymentDetails,
} from "@/lib/checkout/orders";
import { profileFromCustomer } from "@/lib/customers/profile";
import type { SharedProfile } from "@/lib/customers/strategy";
import { prisma } from "@/lib/db";
import { idOf } from "@/lib/stripe/ids";

/**
 * Event handling in two steps: `prepare` reads whatever it needs from Stripe
 * (current state, so the order events arrive in never matters) and touches no
 * table; `apply` writes inside the transaction that records the event.
 */
export type Plan =
  | {
      kind: "complete-checkout";
      checkoutId: string;
      session: Stripe.Checkout.Session;
      payment: PaymentDetails;
    }
  | { kind: "expire-checkout"; checkoutId: string }
  | { kind: "payment-failed"; checkoutId: string; message: string }
  | { kind: "refunds"; paymentIntentId: string; amountRefunded: number }
  | { kind: "profile"; customerId: string; profile: SharedProfile; version: number }
  | { kind: "nothing"; outcome: "applied" | "ignored"; detail: string };

export interface Applied {
  outcome: "applied" | "ignored";
  detail: string;
}

const ignore = (detail: string): Plan => ({ kind: "nothing", outcome: "ignored", detail });

async function ourCheckout(sessionId: string): Promise<string | null> {
  const checkout = await prisma.checkout.findUnique({ where: { id: sessionId }, select: { id: true } });
  return checkout?.id ?? null;
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
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      if (event.data.object.mode === "setup") {
        // A card saved from the org dashboard: no order; saved cards are read live.
        return { kind: "nothing", outcome: "applied", detail: "card setup; saved cards are read live" };
      }
      const checkoutId = await ourCheckout(event.data.object.id);
      if (!checkoutId) return ignore("not a checkout this app created");
      // The event's copy may be older than the truth; the current session decides.
      const session = await stripe.checkout.sessions.retrieve(checkoutId);
      if (session.status !== "complete") return ignore(`session is ${session.status ?? "unknown"}`);
      return {
        kind: "complete-checkout",
        checkoutId,
        session,
        payment: await paymentDetails(stripe, session),
      };
    }
    case "checkout.session.expired": {
      const checkoutId = await ourCheckout(event.data.object.id);
      return checkoutId ? { kind: "expire-checkout", checkoutId } : ignore("not a checkout this app created");
    }
    case "payment_intent.payment_failed": {
      const intent = event.data.object;
      const sessions = await stripe.checkout.sessions.list({ payment_intent: intent.id, limit: 1 });
      const checkoutId = sessions.data[0] ? await ourCheckout(sessions.data[0].id) : null;
      if (!checkoutId) return ignore("not a payment of a checkout this app created");
      const message = intent.last_payment_error?.message ?? "The payment failed.";
      return { kind: "payment-failed", checkoutId, message };
    }
    case "charge.refunded":
    case "charge.refund.updated":
      return refundsOfCharge(
        stripe,
        event.type === "charge.refunded" ? event.data.object.id : idOf(event.data.object.charge),
      );
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
      return refundsOfCharge(stripe, idOf(event.data.object.charge));
    case "customer.updated": {
      const customer = await stripe.customers.retrieve(event.data.object.id);
      if (customer.deleted) return ignore("customer was deleted");
      return {
        kind: "profile",
        customerId: customer.id,
        profile: profileFromCustomer(customer),
        version: event.created,
      };
    }
    case "payment_method.attached":
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
  switch (plan.kind) {
    case "complete-checkout": {
      const checkout = await db.checkout.findUniqueOrThrow({ where: { id: plan.checkoutId } });
      const order = await applyCompletedCheckout(db, checkout, plan.session, plan.payment);
      return { outcome: "applied", detail: `order ${order.id} is ${order.status}` };
    }
    case "expire-checkout": {
      const { count } = await db.checkout.updateMany({
        where: { id: plan.checkoutId, status: "open" },
        data: { status: "expired" },
      });
      return count
        ? { outcome: "applied", detail: "checkout expired" }
        : { outcome: "ignored", detail: "already closed" };
    }
    case "payment-failed": {
      const { count } = await db.checkout.updateMany({
        where: { id: plan.checkoutId, status: "open" },
        data: { lastPaymentError: plan.message },
      });
      return count
        ? { outcome: "applied", detail: `payment failed: ${plan.message}` }
        : { outcome: "ignored", detail: "checkout no longer open" };
    }
    case "refunds": {
      const order = await db.order.findFirst({ where: { paymentIntentId: plan.paymentIntentId } });
      // No order yet: its completion reads the refund state itself when it lands.
      if (!order) return { outcome: "ignored", detail: "no order for this payment yet" };
      const next = refundState(order.amountTotal, order.amountRefunded, plan.amountRefunded);
      await db.order.update({ where: { id: order.id }, data: next });
      return {
        outcome: "applied",
        detail: `order ${order.id} is ${next.status} (${next.amountRefunded} refunded)`,
      };
    }
    case "profile": {
      const user = await db.user.findUnique({ where: { stripeCustomerId: plan.customerId } });
      if (!user) return { outcome: "ignored", detail: "no user has this customer" };
      if (plan.version < user.profileVersion)
        return { outcome: "ignored", detail: "older than the profile we hold" };
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
          profileVersion: plan.version,
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
