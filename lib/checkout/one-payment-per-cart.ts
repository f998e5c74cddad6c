import "server-only";
import { createHash } from "node:crypto";
import Stripe from "stripe";
import type { CartLine } from "@/lib/checkout/cart-line";
import { expireCheckout } from "@/lib/checkout/lifecycle";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { accountStripe } from "@/lib/stripe/client";
import { isResourceMissing } from "@/lib/stripe/errors";

/**
 * One cart, one payment, whatever the number of tabs (or devices) it is open in.
 *
 * A cart is a user's products and quantities at one brand. Each browser tab makes its own
 * submission id, so two tabs on the same cart get two Checkout Sessions; both would take the
 * shopper's money. The rule: only the newest open session of a cart can be paid.
 * - Creating a session expires the cart's older open sessions in Stripe (those of other
 *   submissions start expiring while the new one is being created, so the shopper waits for one
 *   Stripe call, not two). If Stripe says one of them is already paid, the cart is paid: the new
 *   session is expired too and the shopper is told so, instead of being offered a second
 *   payment. Of sessions created at the same moment, all but the newest end (a tab left with an
 *   ended one is told the checkout goes on elsewhere).
 * - Completing a session expires any other open session of the cart that a race left behind.
 * Stripe is the arbiter: a session it expired can no longer be paid, and one it saw paid can no
 * longer be expired, so a payment and an expiry racing each other cannot both win.
 */

export const CART_ALREADY_PAID =
  "This cart is already paid (in another tab or window). Your order is in your account; nothing more was charged.";

export function cartAlreadyPaid(): AppError {
  return new AppError("conflict", CART_ALREADY_PAID);
}

/** The same user, brand, products and quantities give the same key, in any line order. */
export function cartKey(userId: string, brand: string, lines: readonly CartLine[]): string {
  const cart = [...lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((line) => `${line.productId}x${line.quantity}`)
    .join(",");
  return createHash("sha256").update(`cart|${userId}|${brand}|${cart}`).digest("hex");
}

interface CartSession {
  id: string;
  userId: string;
  account: string;
  cartKey: string | null;
  createdAt: Date;
}

/** How a session we asked Stripe to expire ended: expired (now), already paid, or out of reach. */
type Closed = "expired" | "paid" | "unreachable";

/** The cart's sessions an early pass closed, and how; or the error it met (rethrown later). */
export type EarlyClosing = Promise<{ closed: Map<string, Closed> } | { error: unknown }>;

/**
 * Started before a new session of the cart is created: expires the cart's open sessions of
 * other submissions (a submission's own session is never among them, so a resubmission still
 * finds it). Never rejects: `expireOlderSessionsOfCart` takes its outcome, or its error.
 */
export function expireOtherSubmissionsOfCart(cart: {
  userId: string;
  cartKey: string;
  submissionKey: string;
}): EarlyClosing {
  const closing = async () => {
    const others = await prisma.checkout.findMany({
      where: {
        userId: cart.userId,
        cartKey: cart.cartKey,
        status: "open",
        AND: [{ submissionKey: { not: null } }, { submissionKey: { not: cart.submissionKey } }],
      },
      select: { id: true, account: true },
    });
    const outcomes = await Promise.all(others.map(async (row) => [row.id, await closeOlder(row)] as const));
    return { closed: new Map(outcomes) };
  };
  return closing().catch((error: unknown) => ({ error }));
}

async function closeOlder(row: { id: string; account: string }): Promise<Closed> {
  const closed = await closeInStripe(row);
  if (closed === "expired") await expireCheckout(prisma, row.id);
  return closed;
}

/**
 * Called once a session for a cart is open and recorded (new or replayed): the cart's older
 * open sessions are expired, so the session just handed out is the only one that can be paid.
 * Those an `early` pass already closed are not asked again.
 * Throws the "already paid" conflict when Stripe says one of them was paid meanwhile.
 */
export async function expireOlderSessionsOfCart(
  session: CartSession,
  early: EarlyClosing = Promise.resolve({ closed: new Map() }),
): Promise<void> {
  const settled = await early;
  if ("error" in settled) throw settled.error;
  if (!session.cartKey) return;
  const closedEarly = [...settled.closed].filter(([id]) => id !== session.id);
  const older = await prisma.checkout.findMany({
    where: {
      userId: session.userId,
      cartKey: session.cartKey,
      status: "open",
      id: { notIn: [session.id, ...closedEarly.map(([id]) => id)] },
      // Older by (createdAt, id): of two sessions created at once, exactly one survives.
      OR: [
        { createdAt: { lt: session.createdAt } },
        { createdAt: session.createdAt, id: { lt: session.id } },
      ],
    },
    select: { id: true, account: true },
  });
  const outcomes = [
    ...closedEarly.map(([, closed]) => closed),
    ...(await Promise.all(older.map(closeOlder))),
  ];
  if (outcomes.includes("paid")) {
    // The cart was paid in another tab: the session we just made must not take a second payment.
    if ((await closeInStripe(session)) === "expired") await expireCheckout(prisma, session.id);
    throw cartAlreadyPaid();
  }
  // Sessions created at the same moment may not see each other's rows yet (PostgreSQL runs the
  // creations concurrently). Whichever of two creators looks last sees both rows, so a session
  // that finds a newer open one of its cart expires itself: every session but the newest ends.
  const newer = await prisma.checkout.count({
    where: {
      userId: session.userId,
      cartKey: session.cartKey,
      status: "open",
      OR: [
        { createdAt: { gt: session.createdAt } },
        { createdAt: session.createdAt, id: { gt: session.id } },
      ],
    },
  });
  if (newer > 0 && (await closeInStripe(session)) === "expired") await expireCheckout(prisma, session.id);
}

/**
 * On completion: every other open session of the same cart is expired in Stripe. Touches no
 * table: returns the ids Stripe confirmed can no longer be paid, for the caller to mark expired
 * in the transaction that records the completion.
 */
export async function expireOtherSessionsOfCart(
  paid: Pick<CartSession, "id" | "userId" | "cartKey">,
): Promise<string[]> {
  if (!paid.cartKey) return [];
  const others = await prisma.checkout.findMany({
    where: { userId: paid.userId, cartKey: paid.cartKey, status: "open", id: { not: paid.id } },
    select: { id: true, account: true },
  });
  const closed: string[] = [];
  for (const row of others) {
    const outcome = await closeInStripe(row);
    if (outcome === "expired") closed.push(row.id);
    // A second payment of the same cart (a race no rule before it could stop) is a real order,
    // recorded by its own completion and refundable from the dashboard: say so in the logs.
    if (outcome === "paid")
      logger.warn({ checkoutId: row.id, paidCheckoutId: paid.id }, "a cart was paid twice");
  }
  return closed;
}

/** Asks Stripe to expire one session; "paid" when Stripe says it completed instead. */
async function closeInStripe(row: { id: string; account: string }): Promise<Closed> {
  const stripe = accountStripe(row.account);
  if (!stripe) return "unreachable";
  try {
    await stripe.checkout.sessions.expire(row.id);
    return "expired";
  } catch (error) {
    // Stripe no longer has it: it can never be paid.
    if (isResourceMissing(error)) return "expired";
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    // Not open any more: read which way it closed.
    const session = await stripe.checkout.sessions.retrieve(row.id);
    if (session.status === "complete") return "paid";
    if (session.status === "expired") return "expired";
    throw error;
  }
}
