import { z } from "zod";

/**
 * What the "Under the hood" panel shows for one purchase, and how the emulator's request log
 * becomes its list of Stripe calls. Pure (no server state), so the panel's component can share
 * the types and the mapping is unit-tested alone; lib/under-the-hood/under-the-hood.ts fills it.
 */

/** A Stripe account as the panel names it: its id, and the brand (or platform) it belongs to. */
export interface AccountRef {
  id: string;
  label: string;
}

/** Who made a call: the app's server (secret or organization key) or a browser (Stripe.js, publishable key). */
export type CallSource = "server" | "browser" | "unknown";

export interface StripeCall {
  /** The entry's number in the emulator's request log. */
  n: number;
  /** When the request arrived (ISO 8601). */
  at: string;
  method: string;
  /** Path and query string. */
  path: string;
  account: AccountRef | null;
  idempotencyKey: string | null;
  replayed: boolean;
  status: number;
  durationMs: number;
  requestId: string | null;
  source: CallSource;
  /** The request on the emulator's dashboard. */
  link: string;
}

export interface CustomerInAccount {
  brand: string;
  account: AccountRef;
  /** The customer that account knows the shopper by; null when it has none yet. */
  customerId: string | null;
  link: string | null;
}

export interface StoredWebhookEvent {
  eventId: string;
  type: string;
  account: AccountRef | null;
  outcome: string;
  detail: string | null;
  receivedAt: string;
  /** The event in its account on the emulator's dashboard; null when the account is unknown. */
  link: string | null;
}

export type StripeCalls = { ok: true; items: StripeCall[]; limit: number } | { ok: false; message: string };

export interface UnderTheHoodReport {
  sessionId: string;
  brand: string;
  strategy: string;
  /** The account the Checkout Session lives in. */
  account: AccountRef;
  /** The session in its account on the emulator's dashboard. */
  sessionLink: string;
  customer: {
    /** The shopper's one customer (the home account's). */
    canonicalId: string | null;
    home: AccountRef;
    /** The customer across every account on the emulator's dashboard. */
    link: string | null;
    accounts: CustomerInAccount[];
  };
  calls: StripeCalls;
  events: StoredWebhookEvent[];
}

/** One entry of the emulator's `GET /_emulator/requests` list (fields the panel reads). */
const requestSummarySchema = z.object({
  n: z.number().int().positive(),
  at: z.number().min(0).max(8.64e15),
  method: z.string().max(16),
  url: z.string().max(4096),
  account: z.string().max(255).nullable(),
  // An emulator before key kinds were logged sends none.
  key_kind: z.enum(["secret", "publishable", "organization"]).nullable().optional(),
  idempotency_key: z.string().max(255).nullable(),
  replayed: z.boolean(),
  status: z.number().int(),
  duration_ms: z.number().finite().nonnegative(),
  request_id: z.string().max(255).nullable(),
});

export const requestListSchema = z.object({
  data: z.array(requestSummarySchema).max(1000),
});

export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** Where the emulator's dashboard pages are, for one emulator. */
export class DashboardLinks {
  readonly base: string;

  constructor(stripeApiBase: string) {
    this.base = `${stripeApiBase.replace(/\/+$/, "")}/_emulator/dashboard`;
  }

  request(n: number): string {
    return `${this.base}/requests/${n}`;
  }

  /** One customer in every account that holds it. */
  customerAcross(customerId: string): string {
    return `${this.base}/customers/${encodeURIComponent(customerId)}`;
  }

  /** An object (found by its id) among an account's objects of one type. */
  object(account: string, type: "customers" | "checkout_sessions" | "events", id: string): string {
    const query = new URLSearchParams({ type, q: id });
    return `${this.base}/accounts/${encodeURIComponent(account)}?${query.toString()}`;
  }
}

/** `Stripe-Context` may name a path of accounts (`org/acct_…`): the call acts in the last one. */
function actingAccount(account: string | null): string | null {
  if (!account) return null;
  return account.split("/").pop() || null;
}

function sourceOf(kind: RequestSummary["key_kind"]): CallSource {
  if (kind === "secret" || kind === "organization") return "server";
  if (kind === "publishable") return "browser";
  return "unknown";
}

/**
 * The calls of several searches of the request log as one list: each once (a call naming both
 * the session and the customer is found twice), newest first, at most `limit`.
 */
export function stripeCalls(
  lists: readonly (readonly RequestSummary[])[],
  links: DashboardLinks,
  accountRef: (id: string) => AccountRef,
  limit: number,
): StripeCall[] {
  const byNumber = new Map<number, RequestSummary>();
  for (const list of lists) for (const entry of list) byNumber.set(entry.n, entry);
  return [...byNumber.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, limit)
    .map((entry) => {
      const account = actingAccount(entry.account);
      return {
        n: entry.n,
        at: new Date(entry.at).toISOString(),
        method: entry.method,
        path: entry.url,
        account: account ? accountRef(account) : null,
        idempotencyKey: entry.idempotency_key,
        replayed: entry.replayed,
        status: entry.status,
        durationMs: entry.duration_ms,
        requestId: entry.request_id,
        source: sourceOf(entry.key_kind),
        link: links.request(entry.n),
      };
    });
}
