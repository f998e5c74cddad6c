import "server-only";
import type Stripe from "stripe";
import type { Checkout, Order } from "@/lib/db";
import { prisma, Prisma } from "@/lib/db";
import { linkCanonicalCustomer } from "@/lib/customers/canonical";

export interface PaymentDetails {
  paymentIntentId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
}

/** Which PaymentIntent paid a session, and with which card (one extra read when not expanded). */
export async function paymentDetails(
  stripe: Stripe,
  session: Stripe.Checkout.Session,
): Promise<PaymentDetails> {
  const ref = session.payment_intent;
  if (!ref) return { paymentIntentId: null, cardBrand: null, cardLast4: null };
  const intent =
    typeof ref === "string" ? await stripe.paymentIntents.retrieve(ref, { expand: ["payment_method"] }) : ref;
  let method = intent.payment_method;
  if (typeof method === "string") method = await stripe.paymentMethods.retrieve(method);
  return {
    paymentIntentId: intent.id,
    cardBrand: method?.card?.display_brand ?? method?.card?.brand ?? null,
    cardLast4: method?.card?.last4 ?? null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Records a completed Checkout Session as exactly one Order, whoever gets here
 * first: the return page or the webhook. Safe to call any number of times.
 */
export async function recordCompletedCheckout(
  checkout: Checkout,
  session: Pick<Stripe.Checkout.Session, "customer" | "amount_total" | "currency">,
  payment: PaymentDetails,
): Promise<Order> {
  const customerId = typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null);
  if (customerId && checkout.strategy === "organization")
    await linkCanonicalCustomer(checkout.userId, customerId);
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.checkout.update({
        where: { id: checkout.id },
        data: { status: "complete", lastPaymentError: null },
      });
      const existing = await tx.order.findUnique({ where: { checkoutId: checkout.id } });
      if (existing) {
        if (existing.cardLast4 || !payment.cardLast4) return existing;
        return tx.order.update({
          where: { id: existing.id },
          data: {
            cardBrand: payment.cardBrand,
            cardLast4: payment.cardLast4,
            paymentIntentId: payment.paymentIntentId,
          },
        });
      }
      return tx.order.create({
        data: {
          userId: checkout.userId,
          checkoutId: checkout.id,
          brand: checkout.brand,
          account: checkout.account,
          paymentIntentId: payment.paymentIntentId,
          amountTotal: session.amount_total ?? checkout.amountTotal,
          currency: session.currency ?? checkout.currency,
          lineItems: checkout.lineItems,
          cardBrand: payment.cardBrand,
          cardLast4: payment.cardLast4,
        },
      });
    });
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
