import "server-only";
import Stripe from "stripe";
import { type Brand, findBrand } from "@/lib/brands";
import { recordChange } from "@/lib/audit/trail";
import { recordRefunds } from "@/lib/checkout/lifecycle";
import { sharingStrategy } from "@/lib/customers";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { customerChanged } from "@/lib/customers/data-version";
import type { RefundInput } from "@/lib/org/refund-input";
import { paymentScopes } from "@/lib/org/scopes";
import { stripeFailure } from "@/lib/stripe/app-error";
import { idOf } from "@/lib/stripe/ids";
import { isResourceMissing } from "@/lib/stripe/errors";

export interface RefundResult {
  refundId: string;
  amount: number;
  currency: string;
  /** The payment's refunded total after this refund. */
  amountRefunded: number;
  /** True when this request repeated one already done (same dialog, same key). */
  replayed: boolean;
}

const REFUND_KEY = "rocket_refund_key";

/**
 * The payment, in the account it lives in: the one the timeline named, or else
 * whichever of the customer's accounts has it (a connect-clone first purchase
 * is on the platform, later ones in the brand's connected account). Only an
 * account this customer pays in, and only a payment of their customer there.
 */
async function findPayment(
  userId: string,
  canonicalId: string,
  input: RefundInput,
  brand: Brand,
): Promise<{ stripe: Stripe; intent: Stripe.PaymentIntent }> {
  const brandName = brand.name;
  // Without an account, look where this brand's payments can be: its own account
  // and shared ones (the Connect platform), never another brand's.
  const scopes = (await paymentScopes(sharingStrategy(), userId, canonicalId)).filter((scope) =>
    input.account ? scope.account === input.account : scope.brand === brand.slug || scope.brand === null,
  );
  if (scopes.length === 0) throw new AppError("not_found", "This customer has no payments in that account.");
  const accounts = [...new Map(scopes.map((scope) => [scope.account, scope.stripe])).entries()];
  const found = await Promise.all(
    accounts.map(async ([account, stripe]) => {
      try {
        return {
          account,
          stripe,
          intent: await stripe.paymentIntents.retrieve(input.paymentIntentId, { expand: ["latest_charge"] }),
        };
      } catch (error) {
        if (isResourceMissing(error)) return null;
        throw error;
      }
    }),
  );
  const hits = found.filter((hit) => hit !== null);
  if (hits.length === 0) throw new AppError("not_found", `${brandName} has no such payment.`);
  const mine = hits.find((hit) =>
    scopes.some((scope) => scope.account === hit.account && scope.customerId === idOf(hit.intent.customer)),
  );
  if (!mine) throw new AppError("not_found", `This payment is not one of this customer's at ${brandName}.`);
  return mine;
}

/**
 * Refunds (part of) one of a customer's payments, in the account the payment
 * lives in. Idempotent per `idempotencyKey`: a repeat returns the refund the
 * first request made, even after it changed what is refundable.
 */
export async function refundPayment(
  userId: string,
  input: RefundInput,
  adminId: string,
): Promise<RefundResult> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user) throw new AppError("not_found", "There is no such customer.");
  if (!user.stripeCustomerId) throw new AppError("not_found", "This customer has no payments.");
  const brand = findBrand(input.brand);
  if (!brand) throw new AppError("not_found", `There is no brand called "${input.brand}".`);
  const key = `rocket-org-refund-${input.idempotencyKey}`;

  try {
    const { stripe, intent } = await findPayment(userId, user.stripeCustomerId, input, brand);

    // The same dialog already refunded: answer with that refund, whatever is refundable now.
    const earlierRefund = async (): Promise<RefundResult | null> => {
      const earlier = await stripe.refunds.list({ payment_intent: intent.id, limit: 100 });
      const done = earlier.data.find((refund) => refund.metadata?.[REFUND_KEY] === key);
      if (!done) return null;
      const chargeId = idOf(done.charge);
      const current = chargeId ? await stripe.charges.retrieve(chargeId) : null;
      return {
        refundId: done.id,
        amount: done.amount,
        currency: done.currency,
        amountRefunded: current?.amount_refunded ?? done.amount,
        replayed: true,
      };
    };
    const replay = await earlierRefund();
    if (replay) return replay;
    const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;

    if (intent.status !== "succeeded" || !charge) {
      throw new AppError("conflict", "Only a completed payment can be refunded.");
    }
    const captured = charge.amount_captured || charge.amount;
    const refundable = captured - charge.amount_refunded;
    if (refundable <= 0) throw new AppError("conflict", "This payment is already fully refunded.");
    if (input.amount > refundable) {
      const most = formatMoney(refundable, charge.currency);
      throw new AppError("validation_failed", `You can refund at most ${most} of this payment.`, {
        fields: { amount: [`Enter at most ${most}.`] },
      });
    }

    let refund: Stripe.Refund;
    try {
      refund = await stripe.refunds.create(
        {
          payment_intent: intent.id,
          amount: input.amount,
          reason: "requested_by_customer",
          metadata: {
            [REFUND_KEY]: key,
            rocket_admin_id: adminId,
            rocket_user_id: userId,
            // Stripe's metadata values hold at most 500 characters, as the reason's schema does.
            rocket_refund_reason: input.reason,
          },
        },
        { idempotencyKey: key },
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeIdempotencyError) {
        // Stripe answers a key still in flight (a concurrent double click) this way too.
        const concurrent = await earlierRefund();
        if (concurrent) return concurrent;
        throw new AppError(
          "conflict",
          "This refund was already sent with a different amount. Close the dialog and start again.",
        );
      }
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        throw new AppError("bad_request", `Stripe refused the refund: ${error.message}`);
      }
      throw error;
    }

    // Keyed by the refund: a retried request that reaches this point again records it once.
    await recordChange(
      prisma,
      userId,
      { id: adminId, role: "admin" },
      {
        action: "refund.created",
        brand: brand.slug,
        paymentIntentId: intent.id,
        refundId: refund.id,
        amount: refund.amount,
        currency: refund.currency,
        reason: input.reason,
      },
      `refund.created:${refund.id}`,
    );
    const after = await stripe.charges.retrieve(charge.id);
    // The webhook records this too; writing it now lets the shopper see it at once, through the
    // same transition the webhook uses (refunds only grow).
    const order = await prisma.order.findFirst({ where: { paymentIntentId: intent.id, userId } });
    if (order) await recordRefunds(prisma, order, after.amount_refunded);
    return {
      refundId: refund.id,
      amount: refund.amount,
      currency: refund.currency,
      amountRefunded: after.amount_refunded,
      replayed: false,
    };
  } catch (error) {
    throw stripeFailure(error, "refund payment");
  } finally {
    await customerChanged(user.stripeCustomerId);
  }
}
