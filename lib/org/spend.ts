import type { TimelineEntry } from "@/lib/org/timeline";

/** Money kept from a customer: paid minus refunded. */
export interface SpendLine {
  brand: string;
  currency: string;
  gross: number;
  refunded: number;
  net: number;
  payments: number;
}

export interface SpendSummary {
  /** One line per brand (in `brandOrder`, then any other) and currency; brands without payments included at 0. */
  perBrand: SpendLine[];
  /** One total per currency. */
  totals: Omit<SpendLine, "brand">[];
}

const COUNTED = new Set(["paid", "partially_refunded", "refunded"]);

/** Payments to add up; `payments` is how many one item stands for (a grouped row), 1 by default. */
export type SpendItem = Pick<TimelineEntry, "brand" | "currency" | "amount" | "amountRefunded" | "status"> & {
  payments?: number;
};

/** Our orders, one row each or grouped (then `orders` says how many a row stands for). */
export interface OrderAmounts {
  brand: string;
  currency: string;
  amountTotal: number;
  amountRefunded: number;
  orders?: number;
}

/**
 * A customer's lifetime spend, the one definition the customer list and the customer page
 * share: what they paid through the app's checkouts (our orders, whose refunds the app and
 * the webhook keep current), minus what was refunded. Payments made outside the app are not
 * part of it; the customer page shows them beside it.
 */
export function lifetimeSpend(
  orders: readonly OrderAmounts[],
  brandOrder: readonly string[] = [],
  defaultCurrency = "usd",
): SpendSummary {
  return aggregateSpend(
    orders.map((order) => ({
      brand: order.brand,
      currency: order.currency,
      amount: order.amountTotal,
      amountRefunded: order.amountRefunded,
      status: "paid",
      payments: order.orders ?? 1,
    })),
    brandOrder,
    defaultCurrency,
  );
}

/** Amounts a customer spent, from payments (timeline entries) or order rows. */
export function aggregateSpend(
  items: readonly SpendItem[],
  brandOrder: readonly string[] = [],
  defaultCurrency = "usd",
): SpendSummary {
  const lines = new Map<string, SpendLine>();
  const lineFor = (brand: string, currency: string) => {
    const key = `${brand}|${currency}`;
    let line = lines.get(key);
    if (!line) {
      line = { brand, currency, gross: 0, refunded: 0, net: 0, payments: 0 };
      lines.set(key, line);
    }
    return line;
  };
  for (const brand of brandOrder) lineFor(brand, defaultCurrency);
  for (const item of items) {
    if (!COUNTED.has(item.status)) continue;
    const line = lineFor(item.brand, item.currency);
    const refunded = Math.min(item.amount, Math.max(0, item.amountRefunded));
    line.gross += item.amount;
    line.refunded += refunded;
    line.net += item.amount - refunded;
    line.payments += item.payments ?? 1;
  }
  const rank = (brand: string) => {
    const index = brandOrder.indexOf(brand);
    return index === -1 ? brandOrder.length : index;
  };
  const perBrand = [...lines.values()]
    .filter((line) => line.payments > 0 || line.currency === defaultCurrency)
    .sort(
      (a, b) =>
        rank(a.brand) - rank(b.brand) ||
        a.brand.localeCompare(b.brand) ||
        a.currency.localeCompare(b.currency),
    );
  const totals = new Map<string, Omit<SpendLine, "brand">>();
  for (const line of perBrand) {
    const total = totals.get(line.currency) ?? {
      currency: line.currency,
      gross: 0,
      refunded: 0,
      net: 0,
      payments: 0,
    };
    total.gross += line.gross;
    total.refunded += line.refunded;
    total.net += line.net;
    total.payments += line.payments;
    totals.set(line.currency, total);
  }
  return { perBrand, totals: [...totals.values()] };
}
