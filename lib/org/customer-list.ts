import "server-only";
import { brands } from "@/lib/brands";
import { sharingStrategy } from "@/lib/customers";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { Prisma, prisma } from "@/lib/db";
import { dbTarget } from "@/prisma/target";
import { logger } from "@/lib/logger";
import { sharedCache } from "@/lib/org/cache";
import { versionedKey } from "@/lib/customers/data-version";
import { lifetimeSpend, type SpendSummary } from "@/lib/org/spend";

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
// per customer version (see lib/customers/data-version.ts).
const cardCounts = sharedCache<number>("customer-card-counts", 30_000);

function countCards(strategy: SharingStrategy, customerId: string, version: number): Promise<number | null> {
  return cardCounts
    .get(versionedKey(customerId, version), async () => (await strategy.savedCards(customerId)).length)
    .catch((error: unknown) => {
      logger.warn({ err: error }, "saved cards unavailable for the customer list");
      return null;
    });
}

export function normalizeSearch(raw: string | undefined): string {
  // Control characters never match a name or email (and PostgreSQL refuses NUL in a query).
  return (raw ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, SEARCH_MAX);
}

/** `text` as a LIKE pattern that matches itself only: `%`, `_` and the escape character are escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Where a search looks: name or email contains the text, case-insensitively (SQLite's LIKE
 * folds ASCII case, PostgreSQL needs ILIKE). Written in SQL because Prisma's `contains` passes
 * `%` and `_` through as wildcards and, on SQLite, gives LIKE no ESCAPE character, so a search
 * for "%" would match everyone.
 */
function searchCondition(search: string): Prisma.Sql {
  const like = Prisma.raw(dbTarget().provider === "postgresql" ? "ILIKE" : "LIKE");
  const pattern = `%${escapeLike(search)}%`;
  return Prisma.sql`"stripeCustomerId" IS NOT NULL AND ("name" ${like} ${pattern} ESCAPE '\\' OR "email" ${like} ${pattern} ESCAPE '\\')`;
}

const USER_FIELDS = {
  id: true,
  name: true,
  email: true,
  stripeCustomerId: true,
  stripeDataVersion: true,
} as const;

/** One page of users with a canonical customer, newest first, and how many there are in all. */
async function customersPage(search: string, page: number) {
  if (!search) {
    const where = { stripeCustomerId: { not: null } };
    const total = await prisma.user.count({ where });
    const pages = Math.max(1, Math.ceil(total / CUSTOMERS_PER_PAGE));
    const shown = Math.min(page, pages);
    const users = await prisma.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (shown - 1) * CUSTOMERS_PER_PAGE,
      take: CUSTOMERS_PER_PAGE,
      select: USER_FIELDS,
    });
    return { total, pages, page: shown, users };
  }
  const condition = searchCondition(search);
  const [counted] = await prisma.$queryRaw<{ total: number | bigint }[]>(
    Prisma.sql`SELECT COUNT(*) AS "total" FROM "User" WHERE ${condition}`,
  );
  const total = Number(counted?.total ?? 0);
  const pages = Math.max(1, Math.ceil(total / CUSTOMERS_PER_PAGE));
  const shown = Math.min(page, pages);
  const rows = await prisma.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT "id" FROM "User" WHERE ${condition} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${CUSTOMERS_PER_PAGE} OFFSET ${(shown - 1) * CUSTOMERS_PER_PAGE}`,
  );
  const ids = rows.map((row) => row.id);
  const found = await prisma.user.findMany({ where: { id: { in: ids } }, select: USER_FIELDS });
  const byId = new Map(found.map((user) => [user.id, user]));
  const users = ids.flatMap((id) => byId.get(id) ?? []);
  return { total, pages, page: shown, users };
}

/**
 * Users with a canonical Stripe customer, newest first, searched by name or email (the text
 * itself, case-insensitive). Brands and lifetime spend come from our orders in one grouped
 * query; only the saved-card count asks Stripe, for the customers on the page.
 */
export async function listCustomers(query: CustomerListQuery = {}): Promise<CustomerList> {
  const search = normalizeSearch(query.search);
  const { total, pages, page, users } = await customersPage(
    search,
    Math.max(1, Math.floor(query.page ?? 1) || 1),
  );
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
    const spend = lifetimeSpend(
      rows.map((row) => ({
        brand: row.brand,
        currency: row.currency,
        amountTotal: row._sum.amountTotal ?? 0,
        amountRefunded: row._sum.amountRefunded ?? 0,
        orders: row._count._all,
      })),
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
