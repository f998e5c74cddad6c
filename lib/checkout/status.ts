import "server-only";
import type Stripe from "stripe";
import type { CurrentUser } from "@/lib/auth/session";
import { findBrand } from "@/lib/brands";
import { COMPLETED_SESSION_EXPAND, paymentDetails, recordCompletedCheckout } from "@/lib/checkout/orders";
import { parseLineItems, type LineItemSnapshot } from "@/lib/checkout/line-items";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { sendReceiptForCheckout } from "@/lib/mail/receipts";
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
  /**
   * Whether the card that paid is saved for one-click checkout (kept on the shopper's customer
   * and offered again at every brand); null until the session is paid.
   */
  cardSaved: boolean | null;
  /** Only while open: lets the return page show the same checkout again. */
  clientSecret: string | null;
  /** The account the session lives in. */
  account: string;
  orderId: string | null;
}

/**
 * The state of one of the user's checkouts, read from Stripe. Another user's
 * session id is indistinguishable from an unknown one (404). A completed
 * session is recorded as an order on the way, through the same record function as the webhook.
 */
export async function checkoutStatus(user: CurrentUser, sessionId: string): Promise<CheckoutStatus> {
  const checkout = await prisma.checkout.findFirst({ where: { id: sessionId, userId: user.id } });
  const brand = checkout ? findBrand(checkout.brand) : undefined;
  if (!checkout || !brand) throw new AppError("not_found", "We couldn't find that checkout.");

  try {
    const stripe = accountStripe(checkout.account);
    if (!stripe) throw new AppError("not_found", "We couldn't find that checkout.");
    // One read: the session with its payment (card, refunds), all a completion needs.
    const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: COMPLETED_SESSION_EXPAND });
    const status = session.status ?? "open";
    let card: CheckoutStatus["card"] = null;
    let cardSaved: boolean | null = null;
    let orderId: string | null = null;
    // An expired session is the webhook's to record; a completed one is recorded here too, so the
    // shopper's orders (and the cart's other tabs) know at once.
    if (status === "complete") {
      const order = await recordCompletedCheckout(checkout, session);
      void sendReceiptForCheckout(checkout.id);
      orderId = order.id;
      if (order.cardBrand && order.cardLast4) card = { brand: order.cardBrand, last4: order.cardLast4 };
      cardSaved = paymentDetails(session).savedCard !== null;
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
      cardSaved,
      clientSecret: status === "open" ? session.client_secret : null,
      account: checkout.account,
      orderId,
    };
  } catch (error) {
    throw stripeFailure(error, "read checkout status");
  }
}
