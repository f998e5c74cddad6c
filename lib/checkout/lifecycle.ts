import "server-only";
import { isUniqueViolation, type Order, type Prisma } from "@/lib/db";

/**
 * The one owner of checkout and order status. Every write of `Checkout.status`,
 * `Checkout.lastPaymentError`, `Order.status` and `Order.amountRefunded` goes through a named
 * transition here, each a conditional update, so two writers racing (the return page, the
 * webhook, a second app instance) can only ever move a row forward:
 *
 *   checkout: open → complete | expired        (both final, as in Stripe)
 *   order:    paid → partially_refunded → refunded   (refunds only grow)
 *
 * Repeating a transition that already happened is a no-op; a move Stripe itself can never make
 * (an expired session completing, a paid one expiring) is refused with `ImpossibleTransitionError`.
 */

/** A client that can run inside a transaction or on its own. */
export type Db = Prisma.TransactionClient;

export type CheckoutState = "open" | "complete" | "expired";
export type OrderState = "paid" | "partially_refunded" | "refunded";

const CHECKOUT_MOVES: Record<CheckoutState, readonly CheckoutState[]> = {
  open: ["complete", "expired"],
  complete: [],
  expired: [],
};

const ORDER_MOVES: Record<OrderState, readonly OrderState[]> = {
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["refunded"],
  refunded: [],
};

export class ImpossibleTransitionError extends Error {
  override name = "ImpossibleTransitionError";
  constructor(
    readonly subject: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${subject} cannot move from ${from} to ${to}`);
  }
}

/** Whether a checkout may move `from` → `to`: "move", "unchanged" (already there), or a refusal. */
export function checkoutMove(from: string, to: CheckoutState): "move" | "unchanged" {
  if (from === to) return "unchanged";
  if (isCheckoutState(from) && CHECKOUT_MOVES[from].includes(to)) return "move";
  throw new ImpossibleTransitionError("checkout", from, to);
}

/** Whether an order may move `from` → `to` (the same state is allowed: a larger partial refund). */
export function orderMove(from: string, to: OrderState): "move" | "unchanged" {
  if (from === to) return "unchanged";
  if (isOrderState(from) && ORDER_MOVES[from].includes(to)) return "move";
  throw new ImpossibleTransitionError("order", from, to);
}

function isCheckoutState(value: string): value is CheckoutState {
  return value in CHECKOUT_MOVES;
}

function isOrderState(value: string): value is OrderState {
  return value in ORDER_MOVES;
}

/**
 * An order's refund state from what we know and what Stripe reports. Refunds only ever grow, so
 * the larger amount is always the newer truth, and it never exceeds what was paid.
 */
export function refundState(
  amountTotal: number,
  knownRefunded: number,
  reportedRefunded: number,
): { amountRefunded: number; status: OrderState } {
  const amountRefunded = Math.min(amountTotal, Math.max(knownRefunded, reportedRefunded));
  const status =
    amountRefunded === 0 ? "paid" : amountRefunded >= amountTotal ? "refunded" : "partially_refunded";
  return { amountRefunded, status };
}

// ---- checkout transitions ----

/**
 * A new session's row, always open; a replayed session (a double submit) already has one.
 * Answers when the row was created (the age that decides which of a cart's sessions is newest).
 * Not for use inside a PostgreSQL transaction: the unique violation would abort it.
 */
export async function openCheckout(
  db: Db,
  data: Omit<Prisma.CheckoutUncheckedCreateInput, "status" | "lastPaymentError" | "createdAt">,
): Promise<{ createdAt: Date }> {
  try {
    return await db.checkout.create({ data: { ...data, status: "open" }, select: { createdAt: true } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.checkout.findUniqueOrThrow({ where: { id: data.id }, select: { createdAt: true } });
  }
}

async function moveCheckout(
  db: Db,
  checkoutId: string,
  to: CheckoutState,
  extra: Prisma.CheckoutUpdateManyMutationInput = {},
): Promise<"moved" | "unchanged"> {
  const from = (Object.keys(CHECKOUT_MOVES) as CheckoutState[]).filter((state) =>
    CHECKOUT_MOVES[state].includes(to),
  );
  const { count } = await db.checkout.updateMany({
    where: { id: checkoutId, status: { in: from } },
    data: { ...extra, status: to },
  });
  if (count > 0) return "moved";
  const current = await db.checkout.findUniqueOrThrow({
    where: { id: checkoutId },
    select: { status: true },
  });
  checkoutMove(current.status, to);
  return "unchanged";
}

/** open → complete: Stripe says the session was paid. Clears the last payment error. */
export function completeCheckout(db: Db, checkoutId: string): Promise<"moved" | "unchanged"> {
  return moveCheckout(db, checkoutId, "complete", { lastPaymentError: null });
}

/** open → expired: Stripe says the session can no longer be paid. */
export function expireCheckout(db: Db, checkoutId: string): Promise<"moved" | "unchanged"> {
  return moveCheckout(db, checkoutId, "expired");
}

/** The last decline or authentication failure, kept only while the checkout is still open. */
export async function recordPaymentFailure(db: Db, checkoutId: string, message: string): Promise<boolean> {
  const { count } = await db.checkout.updateMany({
    where: { id: checkoutId, status: "open" },
    data: { lastPaymentError: message },
  });
  return count > 0;
}

// ---- order transitions ----

/**
 * paid → partially_refunded → refunded, from the amount Stripe reports refunded. The write is
 * conditional on no larger amount having been recorded meanwhile, so a stale report (or a
 * concurrent writer that already knows more) never rolls the order back.
 */
export async function recordRefunds(
  db: Db,
  order: Pick<Order, "id" | "amountTotal" | "amountRefunded" | "status">,
  reportedRefunded: number,
): Promise<{ amountRefunded: number; status: OrderState }> {
  const next = refundState(order.amountTotal, order.amountRefunded, reportedRefunded);
  orderMove(order.status, next.status);
  if (next.amountRefunded === order.amountRefunded && next.status === order.status) return next;
  await db.order.updateMany({
    where: { id: order.id, amountRefunded: { lte: next.amountRefunded } },
    data: next,
  });
  return next;
}
