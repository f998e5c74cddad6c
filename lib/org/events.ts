import { cardLabel } from "@/lib/cards";
import { formatMoney } from "@/lib/money";

/**
 * The admin's event log, made readable: which event types and accounts can be filtered by,
 * what an event's object says in words (amounts with their currency, cards by their label),
 * and how ignored events fold into one count. Everything an event carries came over the
 * network: it is read defensively and shown as text, never trusted as markup or as a filter.
 */

/**
 * The event types the app knows: those it handles, and those its accounts send it in the
 * course of the checkouts, refunds and saved cards it drives.
 */
export const KNOWN_EVENT_TYPES: readonly string[] = [
  "charge.captured",
  "charge.failed",
  "charge.pending",
  "charge.refund.updated",
  "charge.refunded",
  "charge.succeeded",
  "charge.updated",
  "checkout.session.async_payment_failed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.completed",
  "checkout.session.expired",
  "customer.created",
  "customer.deleted",
  "customer.updated",
  "payment_intent.canceled",
  "payment_intent.created",
  "payment_intent.payment_failed",
  "payment_intent.processing",
  "payment_intent.requires_action",
  "payment_intent.succeeded",
  "payment_method.attached",
  "payment_method.automatically_updated",
  "payment_method.detached",
  "payment_method.updated",
  "refund.created",
  "refund.failed",
  "refund.updated",
  "setup_intent.canceled",
  "setup_intent.created",
  "setup_intent.requires_action",
  "setup_intent.setup_failed",
  "setup_intent.succeeded",
];

/**
 * The Stripe objects whose events a brand account may send. A type seen in the log is only
 * offered as a filter when it names one of them in Stripe's shape (`object.action`), so a
 * delivery made up by whoever holds a signing secret cannot put its own words in the filter.
 */
const STRIPE_EVENT_OBJECTS = new Set([
  "account",
  "application_fee",
  "balance",
  "billing_portal",
  "capability",
  "charge",
  "checkout",
  "coupon",
  "credit_note",
  "customer",
  "customer_cash_balance_transaction",
  "dispute",
  "file",
  "invoice",
  "invoiceitem",
  "issuing_authorization",
  "issuing_card",
  "issuing_cardholder",
  "issuing_dispute",
  "issuing_transaction",
  "mandate",
  "payment_intent",
  "payment_link",
  "payment_method",
  "payout",
  "person",
  "plan",
  "price",
  "product",
  "promotion_code",
  "quote",
  "radar",
  "refund",
  "review",
  "setup_intent",
  "source",
  "subscription_schedule",
  "tax",
  "tax_rate",
  "topup",
  "transfer",
]);

const EVENT_TYPE_SHAPE = /^[a-z][a-z_]*(\.[a-z][a-z_]*){1,3}$/;

/** Whether a type reads like one of Stripe's: a Stripe object, then one to three lowercase words. */
export function isStripeEventType(type: string): boolean {
  return (
    type.length <= 80 && EVENT_TYPE_SHAPE.test(type) && STRIPE_EVENT_OBJECTS.has(type.split(".")[0] ?? "")
  );
}

/** The types to filter by: the known ones and those seen from the app's own accounts that read like Stripe's. */
export function filterTypes(seenFromKnownAccounts: readonly string[]): string[] {
  return [...new Set([...KNOWN_EVENT_TYPES, ...seenFromKnownAccounts.filter(isStripeEventType)])].sort();
}

export interface AccountOption {
  id: string;
  label: string;
}

/** The accounts the configured brands (and the Connect platform) have, named for people. */
export function accountOptions(
  brands: readonly { name: string; stripe: { account: string; connectedAccount: string } }[],
  platformAccount: string,
  strategy: "organization" | "connect-clone",
  seen: readonly string[] = [],
): AccountOption[] {
  const own: AccountOption[] =
    strategy === "organization"
      ? brands.map((brand) => ({ id: brand.stripe.account, label: brand.name }))
      : [
          { id: platformAccount, label: "Platform" },
          ...brands.map((brand) => ({ id: brand.stripe.connectedAccount, label: brand.name })),
        ];
  // Accounts of the other strategy are offered only when events came from them (a switched deployment).
  const other: AccountOption[] =
    strategy === "organization"
      ? [
          { id: platformAccount, label: "Platform" },
          ...brands.map((brand) => ({
            id: brand.stripe.connectedAccount,
            label: `${brand.name} (connected account)`,
          })),
        ]
      : brands.map((brand) => ({ id: brand.stripe.account, label: `${brand.name} (own account)` }));
  const seenSet = new Set(seen);
  return [...own, ...other.filter((option) => seenSet.has(option.id))];
}

/** The name of the account an event happened in, from the filter's options. */
export function accountName(options: readonly AccountOption[], account: string): string {
  return options.find((option) => option.id === account)?.label ?? "Unknown account";
}

export interface EventLogParams {
  account?: string;
  type?: string;
  customer?: string;
  before?: string;
  /** Ignored events are folded into a count unless asked for. */
  showIgnored: boolean;
}

type RawParams = Record<string, string | string[] | undefined>;

const CUSTOMER_ID = /^cus_[A-Za-z0-9]{1,100}$/;
const RECORD_ID = /^[a-z0-9]{20,40}$/;

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) || undefined;

/**
 * The log's filters from a URL. A value the app does not know is left out, with a message
 * that says so (and does not repeat it): the page then shows what it can, never an unknown
 * value in a select.
 */
export function parseEventLogParams(
  raw: RawParams,
  known: { accounts: readonly string[]; types: readonly string[] },
): { params: EventLogParams; problems: string[] } {
  const problems: string[] = [];
  const params: EventLogParams = { showIgnored: first(raw.ignored) === "show" };
  const account = first(raw.account);
  if (account && known.accounts.includes(account)) params.account = account;
  else if (account)
    problems.push("The account in the link is not one of the brands' accounts: showing every account.");
  const type = first(raw.type);
  if (type && known.types.includes(type)) params.type = type;
  else if (type) problems.push("The event type in the link is not one the app knows: showing every type.");
  const customer = first(raw.customer);
  if (customer && CUSTOMER_ID.test(customer)) params.customer = customer;
  else if (customer)
    problems.push("The customer in the link is not a Stripe customer id (cus_…): showing every customer.");
  const before = first(raw.before);
  if (before && RECORD_ID.test(before)) params.before = before;
  else if (before) problems.push("The page in the link does not exist: showing the newest events.");
  return { params, problems };
}

/** The log's URL for a set of filters (only the ones that are set). */
export function eventLogHref(params: Partial<EventLogParams>): string {
  const search = new URLSearchParams();
  if (params.account) search.set("account", params.account);
  if (params.type) search.set("type", params.type);
  if (params.customer) search.set("customer", params.customer);
  if (params.showIgnored) search.set("ignored", "show");
  if (params.before) search.set("before", params.before);
  const query = search.toString();
  return query ? `/org/events?${query}` : "/org/events";
}

export interface IgnoredCount {
  type: string;
  count: number;
}

/** "12 ignored events of 4 types", or null when there are none. */
export function ignoredSummary(counts: readonly IgnoredCount[]): string | null {
  const total = counts.reduce((sum, row) => sum + row.count, 0);
  if (total === 0) return null;
  const types = counts.filter((row) => row.count > 0).length;
  const events = `${total} ignored event${total === 1 ? "" : "s"}`;
  return `${events} of ${types} type${types === 1 ? "" : "s"}`;
}

/**
 * The count row's breakdown: Stripe's types by name, noisiest first; types that are not
 * Stripe's (made-up deliveries) summed into one "other" entry (`type: null`) at the end, so
 * their words are not repeated on the page.
 */
export function ignoredBreakdown(counts: readonly IgnoredCount[]): { type: string | null; count: number }[] {
  const sorted = sortIgnoredCounts(counts);
  const named = sorted.filter((row) => isStripeEventType(row.type));
  const other = sorted.reduce((sum, row) => (isStripeEventType(row.type) ? sum : sum + row.count), 0);
  return other > 0 ? [...named, { type: null, count: other }] : named;
}

/** Counts by type, most first (then by name), so the noisiest types lead. */
export function sortIgnoredCounts(counts: readonly IgnoredCount[]): IgnoredCount[] {
  return counts
    .filter((row) => row.count > 0)
    .toSorted((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** One piece of a readable detail: words, or an id (shown short, with the full id kept). */
export type DetailPart = { kind: "text"; text: string } | { kind: "id"; id: string };

const CURRENCY = /^[a-z]{3}$/;
// ISO 4217 codes as the runtime knows them: a made-up code is no currency, whatever its shape.
const CURRENCIES = new Set(Intl.supportedValuesOf("currency").map((code) => code.toLowerCase()));

/** An amount in minor units with its currency, or null when the event's values are not that. */
export function formatEventAmount(amount: unknown, currency: unknown): string | null {
  if (typeof amount !== "number" || !Number.isSafeInteger(amount) || typeof currency !== "string")
    return null;
  if (!CURRENCY.test(currency) || !CURRENCIES.has(currency)) return null;
  return formatMoney(amount, currency);
}

const ORDER_STATUS_WORDS: Record<string, string> = {
  partially_refunded: "partly refunded",
  refunded: "refunded",
  paid: "paid",
  requires_payment_method: "waiting for another card",
  requires_action: "waiting for the shopper",
  requires_confirmation: "waiting for confirmation",
  requires_capture: "authorised, not captured",
};

// Our record ids (cuid) and Stripe ids (`pi_…`, `cus_…`, `evt_…`) in a detail.
const ID_PATTERN = /\b(?:c[a-z0-9]{24}|[a-z]{2,8}_[A-Za-z0-9]{10,})\b/g;

/**
 * What we did with an event, in words: minor units become amounts in the event's currency,
 * status codes become words, ids are kept apart so the page can show them short.
 */
export function readableDetail(detail: string | null, currency: string | null): DetailPart[] {
  if (!detail) return [];
  const noHandler = /^no handler for (.+)$/.exec(detail);
  let text = noHandler ? "Not an event the app acts on" : detail;
  text = text.replace(/\((\d+) refunded\)/g, (whole, minor: string) => {
    const amount = currency ? formatEventAmount(Number(minor), currency) : null;
    return amount ? `(${amount} refunded)` : whole;
  });
  text = text.replace(/\bis ([a-z_]+)\b/g, (whole, status: string) =>
    ORDER_STATUS_WORDS[status] ? `is ${ORDER_STATUS_WORDS[status]}` : whole,
  );
  text = text.charAt(0).toUpperCase() + text.slice(1);
  const parts: DetailPart[] = [];
  let at = 0;
  for (const match of text.matchAll(ID_PATTERN)) {
    if (match.index > at) parts.push({ kind: "text", text: text.slice(at, match.index) });
    parts.push({ kind: "id", id: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ kind: "text", text: text.slice(at) });
  return parts;
}

/** What an event's object says, in a few words, and the currency it is in (for the detail). */
export interface EventSummary {
  text: string | null;
  currency: string | null;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The event's object from its stored payload, or null when the payload is not an event. */
export function eventObject(payload: string): JsonObject | null {
  try {
    const event: unknown = JSON.parse(payload);
    if (!isObject(event) || !isObject(event.data) || !isObject(event.data.object)) return null;
    return event.data.object;
  } catch {
    return null;
  }
}

/** A few words on what the event's object is: the amount, the refund, the card. */
export function eventSummary(type: string, object: JsonObject | null): EventSummary {
  if (!object) return { text: null, currency: null };
  const currency =
    typeof object.currency === "string" && CURRENCY.test(object.currency) ? object.currency : null;
  const money = (field: string) => formatEventAmount(object[field], currency);
  const resource = type.split(".")[0];
  switch (resource) {
    case "checkout": {
      if (object.mode === "setup") return { text: "Card setup", currency };
      const total = money("amount_total");
      return { text: total ? `Checkout of ${total}` : null, currency };
    }
    case "payment_intent": {
      const amount = money("amount");
      return { text: amount ? `Payment of ${amount}` : null, currency };
    }
    case "charge": {
      if (type.startsWith("charge.refund.")) {
        const amount = money("amount");
        return { text: amount ? `Refund of ${amount}` : null, currency };
      }
      const amount = money("amount");
      const refunded = typeof object.amount_refunded === "number" && object.amount_refunded > 0;
      if (amount && refunded) return { text: `${money("amount_refunded")} of ${amount} refunded`, currency };
      return { text: amount ? `Charge of ${amount}` : null, currency };
    }
    case "refund": {
      const amount = money("amount");
      return { text: amount ? `Refund of ${amount}` : null, currency };
    }
    case "payment_method":
    case "setup_intent": {
      const card = isObject(object.card) ? object.card : null;
      const last4 = typeof card?.last4 === "string" && /^\d{4}$/.test(card.last4) ? card.last4 : null;
      if (!last4) return { text: null, currency };
      const brand = typeof card?.brand === "string" && /^[a-z_]{1,30}$/.test(card.brand) ? card.brand : null;
      return { text: cardLabel({ brand, last4 }), currency };
    }
    default:
      return { text: null, currency };
  }
}
