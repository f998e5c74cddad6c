import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { brandForAccount, brands, findBrand } from "@/lib/brands";
import { sharingStrategy } from "@/lib/customers";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import {
  DashboardLinks,
  requestListSchema,
  stripeCalls,
  type AccountRef,
  type RequestSummary,
  type StripeCalls,
  type UnderTheHoodReport,
} from "@/lib/under-the-hood/report";

/** Calls listed per purchase, and fetched per search of the emulator's log. */
const CALL_LIMIT = 50;
const EVENT_LIMIT = 50;
const EMULATOR_TIMEOUT_MS = 3000;

/**
 * Whether the "Under the hood" panel exists in this process. It reads the emulator's request log
 * and links to its dashboard, so it exists only against a local emulator (never real Stripe, and
 * never a real shop's shoppers): this switch and the Stripe clients' construction are the only
 * places that know an emulator may be there.
 */
export function underTheHoodEnabled(): boolean {
  return env().underTheHood;
}

const NOT_FOUND = "We couldn't find that checkout.";

/**
 * What happened in Stripe for one of the user's checkouts: the session, the customer in every
 * brand's account, the Stripe calls naming either (from the emulator's request log) and the
 * webhook events we stored for them. Another user's session is indistinguishable from an
 * unknown one (404), and so is every session when the panel is off.
 */
export async function underTheHood(user: CurrentUser, sessionId: string): Promise<UnderTheHoodReport> {
  if (!underTheHoodEnabled()) throw new AppError("not_found", NOT_FOUND);
  const checkout = await prisma.checkout.findFirst({ where: { id: sessionId, userId: user.id } });
  const brand = checkout ? findBrand(checkout.brand) : undefined;
  if (!checkout || !brand) throw new AppError("not_found", NOT_FOUND);
  const owner = await prisma.user.findUnique({
    where: { id: user.id },
    select: { stripeCustomerId: true },
  });
  const canonicalId = owner?.stripeCustomerId ?? null;

  const strategy = sharingStrategy();
  const home = strategy.homeAccount().account;
  const labels = new Map<string, string>(brands.map((b) => [strategy.brandAccount(b).account, b.name]));
  const accountRef = (id: string): AccountRef => ({
    id,
    label: labels.get(id) ?? brandForAccount(id)?.name ?? (id === home ? "Platform" : id),
  });
  const links = new DashboardLinks(env().STRIPE_API_BASE);

  const accounts = await Promise.all(
    brands.map(async (b) => {
      const account = strategy.brandAccount(b).account;
      const customerId = canonicalId ? await strategy.accountCustomerId(b, canonicalId) : null;
      return {
        brand: b.name,
        account: accountRef(account),
        customerId,
        link: customerId ? links.object(account, "customers", customerId) : null,
      };
    }),
  );
  const customerIds = [
    ...new Set(
      [canonicalId, checkout.customerId, ...accounts.map((a) => a.customerId)].filter(
        (id): id is string => id !== null,
      ),
    ),
  ];

  const [calls, events] = await Promise.all([
    loggedCalls([sessionId, ...customerIds], links, accountRef),
    prisma.webhookEvent.findMany({
      where: {
        receivedAt: { gte: checkout.createdAt },
        OR: [{ payload: { contains: sessionId } }, { customer: { in: customerIds } }],
      },
      orderBy: { receivedAt: "desc" },
      take: EVENT_LIMIT,
      select: { eventId: true, type: true, account: true, outcome: true, detail: true, receivedAt: true },
    }),
  ]);

  return {
    sessionId,
    brand: brand.name,
    strategy: checkout.strategy,
    account: accountRef(checkout.account),
    sessionLink: links.object(checkout.account, "checkout_sessions", sessionId),
    customer: {
      canonicalId,
      home: accountRef(home),
      link: canonicalId ? links.customerAcross(canonicalId) : null,
      accounts,
    },
    calls,
    events: events.map((event) => {
      const known = event.account !== "unknown";
      return {
        eventId: event.eventId,
        type: event.type,
        account: known ? accountRef(event.account) : null,
        outcome: event.outcome,
        detail: event.detail,
        receivedAt: event.receivedAt.toISOString(),
        link: known ? links.object(event.account, "events", event.eventId) : null,
      };
    }),
  };
}

/** The request log's calls naming any of `ids`, read from the emulator (server to server). */
async function loggedCalls(
  ids: readonly string[],
  links: DashboardLinks,
  accountRef: (id: string) => AccountRef,
): Promise<StripeCalls> {
  try {
    const lists = await Promise.all(ids.map((id) => searchRequestLog(id)));
    return { ok: true, items: stripeCalls(lists, links, accountRef, CALL_LIMIT), limit: CALL_LIMIT };
  } catch (error) {
    logger.warn({ err: error }, "under the hood: the emulator's request log could not be read");
    return {
      ok: false,
      message: "The emulator's request log could not be read. Is the emulator still running?",
    };
  }
}

async function searchRequestLog(id: string): Promise<RequestSummary[]> {
  const query = new URLSearchParams({ q: id, limit: String(CALL_LIMIT) });
  const url = `${env().STRIPE_API_BASE.replace(/\/+$/, "")}/_emulator/requests?${query.toString()}`;
  const response = await fetch(url, {
    cache: "no-store",
    signal: AbortSignal.timeout(EMULATOR_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`the request log answered ${response.status}`);
  return requestListSchema.parse(await response.json()).data;
}
