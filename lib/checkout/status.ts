import "server-only";
import type Stripe from "stripe";
import type { CurrentUser } from "@/lib/auth/session";
import { findBrand } from "@/lib/brands";
import { paymentDetails, recordCompletedCheckout } from "@/lib/checkout/orders";
import { parseLineItems, type LineItemSnapshot } from "@/lib/checkout/line-items";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { stripeFailure } from "@/lib/stripe/app-error";
import { accountStripe } from "@/lib/stripe/client";

export interface CheckoutStatus {
  sessionId: string;
  brand: string;
  status: Stripe.Checkout.Session.Status;
  paymentStatus: Stripe.Checkout.Session.PaymentStatus;
  amountTotal: number;
  currency: string;
  lineItems: LineItemSnapshot;
  card: { brand: string; last4: string } | null;
  /** Only while open: lets the return page show the same checkout again. */
  clientSecret: string | null;
  /** The account the session lives in. */
  account: string;
  orderId: string | null;
}

/**
 * The state of one of the user's checkouts, read from Stripe. Another user's
 * session id is indistinguishable from an unknown one (404). A completed
 * session is recorded as an order on the way.
 */
export async function checkoutStatus(user: CurrentUser, sessionId: string): Promise<CheckoutStatus> {
  const checkout = await prisma.checkout.findFirst({ where: { id: sessionId, userId: user.id } });
  const brand = checkout ? findBrand(checkout.brand) : undefined;
  if (!checkout || !brand) throw new AppError("not_found", "We couldn't find that checkout.");

  try {
    const stripe = accountStripe(checkout.account);
    if (!stripe) throw new AppError("not_found", "We couldn't find that checkout.");
    const session = await stripe.checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent.payment_method"],
    });
    const status = session.status ?? "open";
    let card: CheckoutStatus["card"] = null;
    let orderId: string | null = null;
    if (status === "complete") {
      const payment = await paymentDetails(stripe, session);
      const order = await recordCompletedCheckout(checkout, session, payment);
      orderId = order.id;
      if (order.cardBrand && order.cardLast4) card = { brand: order.cardBrand, last4: order.cardLast4 };
    } else if (status !== checkout.status) {
      await prisma.checkout.update({ where: { id: checkout.id }, data: { status } });
    }
    return {
      sessionId,
      brand: brand.slug,
      status,
      paymentStatus: session.payment_status,
      amountTotal: session.amount_total ?? checkout.amountTotal,
      currency: session.currency ?? checkout.currency,
      lineItems: parseLineItems(checkout.lineItems),
      card,
      clientSecret: status === "open" ? session.client_secret : null,
      account: checkout.account,
      orderId,
    };
  } catch (error) {
    throw stripeFailure(error, "read checkout status");
  }
}
