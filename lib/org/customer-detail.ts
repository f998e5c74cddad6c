import "server-only";
import { brands } from "@/lib/brands";
import { parseLineItems } from "@/lib/checkout/line-items";
import { sharingStrategy, type SavedCard, type SharedProfile } from "@/lib/customers";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { sharedCache } from "@/lib/org/cache";
import { versionedKey } from "@/lib/customers/data-version";
import { customerPayments } from "@/lib/org/payments";
import { aggregateSpend, lifetimeSpend, type SpendSummary } from "@/lib/org/spend";
import { mergeTimeline, type OrderRecord, type TimelineEntry } from "@/lib/org/timeline";

export interface CustomerDetail {
  user: { id: string; name: string | null; email: string; role: string; createdAt: Date };
  stripeCustomerId: string | null;
  /** The shared profile as Stripe has it (our copy when Stripe could not be read). */
  profile: SharedProfile;
  profileFromStripe: boolean;
  /** null when Stripe could not be read just now. */
  cards: SavedCard[] | null;
  timeline: TimelineEntry[];
  /** Lifetime spend (see `lifetimeSpend`): the same figure as the customer list's. */
  spend: SpendSummary;
  /** Paid (minus refunded) outside the app, per currency: shown beside the lifetime spend, not in it. */
  outside: SpendSummary["totals"];
  /** Brands whose Stripe account could not be read (their entries come from our orders only). */
  unavailable: string[];
}

interface StripeSide {
  profile: SharedProfile | null;
  cards: SavedCard[] | null;
  payments: Awaited<ReturnType<typeof customerPayments>>;
}

// What only Stripe knows, per customer version, kept briefly (see lib/customers/data-version.ts).
const stripeSide = sharedCache<StripeSide>("customer-stripe-side", 15_000, 500);

function parseAddress(json: string | null): SharedProfile["address"] {
  if (!json) return null;
  try {
    return JSON.parse(json) as SharedProfile["address"];
  } catch {
    return null;
  }
}

async function loadStripeSide(userId: string, customerId: string): Promise<StripeSide> {
  const strategy = sharingStrategy();
  const [profile, cards, payments] = await Promise.all([
    strategy.profile(customerId).catch((error: unknown) => {
      logger.warn({ err: error }, "customer profile unavailable");
      return null;
    }),
    strategy.savedCards(customerId).catch((error: unknown) => {
      logger.warn({ err: error }, "saved cards unavailable");
      return null;
    }),
    customerPayments(strategy, userId, customerId),
  ]);
  return { profile, cards, payments };
}

/** Everything the customer page shows, or null when there is no such user. */
export async function customerDetail(userId: string): Promise<CustomerDetail | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      createdAt: true,
      phone: true,
      address: true,
      stripeCustomerId: true,
      stripeDataVersion: true,
    },
  });
  if (!user) return null;
  const customerId = user.stripeCustomerId;
  const [orders, side] = await Promise.all([
    prisma.order.findMany({ where: { userId }, orderBy: { paidAt: "desc" }, take: 1_000 }),
    customerId
      ? stripeSide.get(versionedKey(customerId, user.stripeDataVersion), () =>
          loadStripeSide(userId, customerId),
        )
      : Promise.resolve(null),
  ]);
  const records: OrderRecord[] = orders.map((order) => ({
    id: order.id,
    brand: order.brand,
    account: order.account,
    paymentIntentId: order.paymentIntentId,
    amountTotal: order.amountTotal,
    amountRefunded: order.amountRefunded,
    currency: order.currency,
    status: order.status,
    cardBrand: order.cardBrand,
    cardLast4: order.cardLast4,
    paidAt: order.paidAt,
    summary: parseLineItems(order.lineItems)
      .map((line) => `${line.name} × ${line.quantity}`)
      .join(", "),
  }));
  const timeline = mergeTimeline(side?.payments.payments ?? [], records);
  const local: SharedProfile = {
    name: user.name,
    email: user.email,
    phone: user.phone,
    address: parseAddress(user.address),
  };
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role, createdAt: user.createdAt },
    stripeCustomerId: customerId,
    profile: side?.profile ? { ...side.profile, email: side.profile.email ?? user.email } : local,
    profileFromStripe: Boolean(side?.profile),
    cards: side ? side.cards : [],
    timeline,
    spend: lifetimeSpend(
      orders,
      brands.map((brand) => brand.slug),
      brands[0]?.currency ?? "usd",
    ),
    outside: aggregateSpend(timeline.filter((entry) => entry.origin === "outside")).totals.filter(
      (total) => total.payments > 0,
    ),
    unavailable: side?.payments.unavailable ?? [],
  };
}
