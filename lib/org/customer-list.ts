import "server-only";
import { brands } from "@/lib/brands";
import { sharingStrategy } from "@/lib/customers";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { prisma } from "@/lib/db";
import { dbTarget } from "@/prisma/target";
import { logger } from "@/lib/logger";
import { sharedCache } from "@/lib/org/cache";
import { versionedKey } from "@/lib/org/customer-version";
import { aggregateSpend, type SpendSummary } from "@/lib/org/spend";

export const CUSTOMERS_PER_PAGE = 20;
const SEARCH_MAX = 100;

export interface CustomerListQuery {
  search?: string | undefined;
  /** 1-based. */
  page?: number | undefined;
}

export interface CustomerRow {
  id: string;
  name: string | null;
  email: string;
  stripeCustomerId: string;
  /** Brand slugs the customer has orders at, in registry order. */
  brands: string[];
  /** From Stripe; null when it could not be read just now. */
  savedCards: number | null;
  spend: SpendSummary["totals"];
}

export interface CustomerList {
  customers: CustomerRow[];
  search: string;
  page: number;
  pages: number;
  total: number;
}

// Saved cards live in Stripe only: count them for the visible page, in parallel, kept briefly
// per customer version (see customer-version.ts).
const cardCounts = sharedCache<number>("customer-card-counts", 30_000);

function countCards(strategy: SharingStrategy, customerId: string, version: number): Promise<number | null> {
  return cardCounts
    .get(versionedKey(customerId, version), async () => (await strategy.savedCards(customerId)).length)
    .catch((error: unknown) => {
      logger.warn({ err: error }, "saved cards unavailable for the customer list");
      return null;
    });
}

// The generated client's types follow its provider; SQLite's have no `mode`, so it is spread in.
const CASE_INSENSITIVE = dbTarget().provider === "postgresql" ? { mode: "insensitive" as const } : {};

export function normalizeSearch(raw: string | undefined): string {
  // Control characters never match a name or email (and PostgreSQL refuses NUL in a query).
  return (raw ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, SEARCH_MAX);
}

/**
 * Users with a canonical Stripe customer, newest first, searched by name or
 * email (substring, case-insensitive: SQLite's LIKE folds ASCII case, PostgreSQL
 * needs ILIKE, which Prisma spells `mode: "insensitive"`). Brands and lifetime
 * spend come from our orders in two grouped queries; only the saved-card count
 * asks Stripe, for the customers on the page.
 */
export async function listCustomers(query: CustomerListQuery = {}): Promise<CustomerList> {
  const search = normalizeSearch(query.search);
  const where = {
    stripeCustomerId: { not: null },
    ...(search
      ? {
          OR: [
            { name: { contains: search, ...CASE_INSENSITIVE } },
            { email: { contains: search, ...CASE_INSENSITIVE } },
          ],
        }
      : {}),
  };
  const total = await prisma.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / CUSTOMERS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1) || 1), pages);
  const users = await prisma.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * CUSTOMERS_PER_PAGE,
    take: CUSTOMERS_PER_PAGE,
    select: { id: true, name: true, email: true, stripeCustomerId: true, stripeDataVersion: true },
  });
  const ids = users.map((user) => user.id);
  const strategy = sharingStrategy();
  const [sums, counts] = await Promise.all([
    ids.length
      ? prisma.order.groupBy({
          by: ["userId", "brand", "currency"],
          where: { userId: { in: ids } },
          _sum: { amountTotal: true, amountRefunded: true },
          _count: { _all: true },
        })
      : Promise.resolve([]),
    Promise.all(
      users.map((user) => countCards(strategy, user.stripeCustomerId ?? "", user.stripeDataVersion)),
    ),
  ]);
  const brandOrder = brands.map((brand) => brand.slug);
  const customers = users.map((user, index): CustomerRow => {
    const rows = sums.filter((row) => row.userId === user.id);
    const spend = aggregateSpend(
      rows.map((row) => ({
        brand: row.brand,
        currency: row.currency,
        amount: row._sum.amountTotal ?? 0,
        amountRefunded: row._sum.amountRefunded ?? 0,
        status: "paid" as const,
      })),
      [],
    );
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      stripeCustomerId: user.stripeCustomerId ?? "",
      brands: brandOrder.filter((slug) => rows.some((row) => row.brand === slug)),
      savedCards: counts[index] ?? null,
      spend: spend.totals,
    };
  });
  return { customers, search, page, pages, total };
}
