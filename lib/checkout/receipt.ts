import "server-only";
import { findBrand } from "@/lib/brands";
import { cardLabel } from "@/lib/cards";
import { parseLineItems } from "@/lib/checkout/line-items";
import { prisma, type Order } from "@/lib/db";
import { formatMoney } from "@/lib/money";

/** What a receipt shows, on the order page and in the receipt email alike. */
export interface Receipt {
  orderId: string;
  number: string;
  brand: { slug: string; name: string; color: string };
  /** When it was paid, with its time zone spelled out (receipts are read anywhere). */
  paidAt: string;
  paidAtIso: string;
  lines: { name: string; quantity: number; unitPrice: string; amount: string }[];
  total: string;
  refunded: string | null;
  card: string | null;
  status: string;
}

const STATUS_LABEL: Record<string, string> = {
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
};

// The server does not know the shopper's zone: UTC, and the zone named, is right for everyone.
const paidAtFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * The number a shopper quotes: the last ten characters of the order's id (random in every
 * cuid), so support finds the order with an `endsWith` search.
 */
export function orderNumber(orderId: string): string {
  const tail = orderId.slice(-10).toUpperCase();
  return `RC-${tail.slice(0, 5)}-${tail.slice(5)}`;
}

export function receiptOf(order: Order): Receipt {
  const brand = findBrand(order.brand);
  const money = (amount: number) => formatMoney(amount, order.currency);
  return {
    orderId: order.id,
    number: orderNumber(order.id),
    brand: { slug: order.brand, name: brand?.name ?? order.brand, color: brand?.theme.primary ?? "#334155" },
    paidAt: `${paidAtFormat.format(order.paidAt)} UTC`,
    paidAtIso: order.paidAt.toISOString(),
    lines: parseLineItems(order.lineItems).map((line) => ({
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitAmount),
      amount: money(line.unitAmount * line.quantity),
    })),
    total: money(order.amountTotal),
    refunded: order.amountRefunded > 0 ? money(order.amountRefunded) : null,
    card:
      order.cardBrand && order.cardLast4
        ? cardLabel({ brand: order.cardBrand, last4: order.cardLast4 })
        : null,
    status: STATUS_LABEL[order.status] ?? order.status,
  };
}

/** The user's own order's receipt; another user's order reads as no order at all. */
export async function ownReceipt(userId: string, orderId: string): Promise<Receipt | null> {
  // Ids are cuids: anything else is no order, without a query.
  if (!/^[a-z0-9]{1,64}$/.test(orderId)) return null;
  const order = await prisma.order.findFirst({ where: { id: orderId, userId } });
  return order ? receiptOf(order) : null;
}
