import "server-only";
import { brandForAccount, brands, findBrand } from "@/lib/brands";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import {
  accountOptions,
  eventObject,
  eventSummary,
  filterTypes,
  readableDetail,
  sortIgnoredCounts,
  type AccountOption,
  type DetailPart,
  type IgnoredCount,
} from "@/lib/org/events";

export const EVENT_LOG_PAGE_SIZE = 50;

export interface EventLogQuery {
  account?: string | undefined;
  type?: string | undefined;
  /**
   * Only events about this Stripe customer (cus_…): the canonical customer, and
   * in connect-clone also the brands' clones of it.
   */
  customer?: string | undefined;
  /** Show events received before this record id (pagination cursor). */
  before?: string | undefined;
  /** Ignored events (stored, nothing to do) are listed too; by default only counted. */
  showIgnored?: boolean | undefined;
  /** At most this many events (up to a page). */
  limit?: number | undefined;
}

export interface EventLogFilters {
  accounts: AccountOption[];
  types: string[];
}

export interface EventLogRow {
  id: string;
  eventId: string;
  account: string;
  accountName: string;
  type: string;
  outcome: string;
  attempts: number;
  receivedAt: Date;
  /** What the event's object says (an amount, a card), if anything. */
  summary: string | null;
  /** What we did with it, in words. */
  detail: DetailPart[];
}

/** Every account the configured brands have, in either strategy, and the Connect platform's. */
function configuredAccounts(): string[] {
  return [
    env().STRIPE_PLATFORM_ACCOUNT,
    ...brands.flatMap((brand) => [brand.stripe.account, brand.stripe.connectedAccount]),
  ];
}

/**
 * What the log can be filtered by: the configured brands' accounts, and the event types the
 * app knows plus those seen from those accounts. Whatever else the table holds (events stored
 * before unknown accounts were dropped, made-up types) is never offered.
 */
export async function eventLogFilters(): Promise<EventLogFilters> {
  const configured = configuredAccounts();
  // GROUP BY walks the type/account indexes; Prisma's `distinct` reads every row (280 ms at 50k events).
  const [types, accounts] = await Promise.all([
    prisma.webhookEvent.groupBy({
      by: ["type"],
      where: { account: { in: configured } },
      orderBy: { type: "asc" },
    }),
    prisma.webhookEvent.groupBy({
      by: ["account"],
      where: { account: { in: configured } },
      orderBy: { account: "asc" },
    }),
  ]);
  return {
    accounts: accountOptions(
      brands,
      env().STRIPE_PLATFORM_ACCOUNT,
      env().SHARING_STRATEGY,
      accounts.map((row) => row.account),
    ),
    types: filterTypes(types.map((row) => row.type)),
  };
}

/**
 * Recorded webhook events, newest first, filtered by account, type and customer. Events that
 * changed nothing ("ignored") are counted per type instead of listed, unless asked for.
 */
export async function eventLog(query: EventLogQuery, filters?: EventLogFilters) {
  // Without the page's filters, every configured account is named (no query needed).
  const accounts =
    filters?.accounts ??
    accountOptions(brands, env().STRIPE_PLATFORM_ACCOUNT, env().SHARING_STRATEGY, configuredAccounts());
  const size = Math.min(Math.max(1, query.limit ?? EVENT_LOG_PAGE_SIZE), EVENT_LOG_PAGE_SIZE);
  const customers = await customerAndClones(query.customer);
  const where = {
    ...(query.account ? { account: query.account } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(customers ? { customer: { in: customers } } : {}),
  };
  const [rows, ignored] = await Promise.all([
    prisma.webhookEvent.findMany({
      where: query.showIgnored ? where : { ...where, outcome: { not: "ignored" } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: size + 1,
      ...(query.before ? { cursor: { id: query.before }, skip: 1 } : {}),
      select: {
        id: true,
        eventId: true,
        account: true,
        brand: true,
        type: true,
        outcome: true,
        detail: true,
        attempts: true,
        receivedAt: true,
        payload: true,
      },
    }),
    prisma.webhookEvent.groupBy({
      by: ["type"],
      where: { ...where, outcome: "ignored" },
      _count: { _all: true },
    }),
  ]);
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  const events: EventLogRow[] = page.map(({ payload, detail, brand, ...row }) => {
    const summary = eventSummary(row.type, eventObject(payload));
    const account = accounts.find((option) => option.id === row.account)?.label ?? "Unknown account";
    // The platform's own events for a brand (connect-clone first purchases) name that brand.
    const forBrand = brand && !brandForAccount(row.account) ? findBrand(brand)?.name : undefined;
    return {
      ...row,
      accountName: forBrand ? `${account}, for ${forBrand}` : account,
      summary: summary.text,
      detail: readableDetail(detail, summary.currency),
    };
  });
  const ignoredCounts: IgnoredCount[] = sortIgnoredCounts(
    ignored.map((row) => ({ type: row.type, count: row._count._all })),
  );
  return {
    events,
    nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null,
    ignored: ignoredCounts,
  };
}

/** The shopper a customer filter is about, for the log's heading (null when no user has it). */
export async function customerOfLog(customer: string) {
  return prisma.user.findFirst({
    where: { stripeCustomerId: customer },
    select: { id: true, name: true, email: true },
  });
}

async function customerAndClones(customer: string | undefined): Promise<string[] | null> {
  // Not a customer id: the filter is ignored rather than matching anything by accident.
  if (!customer || !/^cus_[A-Za-z0-9]+$/.test(customer)) return null;
  const clones = await prisma.customerClone.findMany({
    where: { platformCustomerId: customer },
    select: { customerId: true },
  });
  return [customer, ...clones.map((clone) => clone.customerId)];
}
