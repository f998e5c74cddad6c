import type { World, WorldAccount, WorldEndpoint } from "../config/world.js";
import { DEFAULT_API_VERSION } from "../domain/context.js";
import { sharedCustomerFields } from "../domain/sharing.js";
import type { Obj, Store, StoredRow } from "../store/db.js";
import type { AttemptRecord } from "../webhooks/delivery.js";
import type { DashboardEnv } from "./env.js";

/**
 * What the dashboard shows, read through the store's public queries (list, get, scan) and the
 * deliverer's history. The JSON control routes answer these values; the pages render them.
 */

/** The object kinds a page lists, by the name in the URL (`?type=`). */
export const OBJECT_TYPES = {
  customers: { store: "customer", label: "Customers", byCustomer: false },
  payment_methods: { store: "payment_method", label: "Payment methods", byCustomer: true },
  payment_intents: { store: "payment_intent", label: "PaymentIntents", byCustomer: true },
  charges: { store: "charge", label: "Charges", byCustomer: true },
  refunds: { store: "refund", label: "Refunds", byCustomer: false },
  checkout_sessions: { store: "checkout.session", label: "Checkout Sessions", byCustomer: true },
  setup_intents: { store: "setup_intent", label: "SetupIntents", byCustomer: true },
  events: { store: "event", label: "Events", byCustomer: false },
} as const;

export type ObjectTypeName = keyof typeof OBJECT_TYPES;

export function isObjectType(value: unknown): value is ObjectTypeName {
  return typeof value === "string" && Object.hasOwn(OBJECT_TYPES, value);
}

const ID = /^[a-z]+_[A-Za-z0-9_]+$/;
const MAX_Q = 200;

export function accountKind(world: World, a: WorldAccount): string {
  if (a.platform) return `connected to ${world.accounts.get(a.platform)?.name ?? a.platform}`;
  const platformOf = world.raw.accounts.some((x) => x.platform === a.id);
  const org = world.organizationOf(a.id);
  const parts: string[] = [];
  if (org) parts.push(`in ${org.name}`);
  if (world.sharingGroup(a.id).length > 1) parts.push("shares customers");
  if (platformOf) parts.push("Connect platform");
  return parts.join(", ") || "standalone";
}

export interface EndpointView {
  id: string;
  owner: string;
  url: string;
  enabled_events: readonly string[];
  connect: boolean;
  secret: string;
  description: string | null;
  source: "world" | "api";
}

/** An endpoint of the world's config: an organization's (never Connect) or an account's. */
function worldEndpoint(world: World, owner: string, e: WorldEndpoint, connect: boolean): EndpointView {
  return {
    id: e.id,
    owner,
    url: world.resolveEndpoint(e).url,
    enabled_events: e.enabled_events,
    connect,
    secret: e.secret,
    description: e.description ?? null,
    source: "world",
  };
}

/** Every webhook endpoint: the world's, and those created through the API. */
export function endpoints(env: DashboardEnv): EndpointView[] {
  const { world, store } = env;
  const out: EndpointView[] = [];
  for (const o of world.raw.organizations) {
    for (const e of o.webhook_endpoints) out.push(worldEndpoint(world, o.id, e, false));
  }
  for (const a of world.raw.accounts) {
    for (const e of a.webhook_endpoints) out.push(worldEndpoint(world, a.id, e, e.connect === true));
    for (const r of store.scan([a.id], "webhook_endpoint")) {
      const notes = store.bookkeeping(a.id, String(r.obj["id"]));
      out.push({
        id: String(r.obj["id"]),
        owner: a.id,
        url: String(r.obj["url"]),
        enabled_events: Array.isArray(r.obj["enabled_events"]) ? (r.obj["enabled_events"] as string[]) : [],
        connect: notes.connect === true,
        secret: notes.secret ?? "",
        description: typeof r.obj["description"] === "string" ? r.obj["description"] : null,
        source: "api",
      });
    }
  }
  return out;
}

export interface ObjectsQuery {
  account: string;
  type: ObjectTypeName;
  q?: string | undefined;
  /** Older than this object (its id): the next page. */
  before?: string | undefined;
  limit?: number;
}

export interface ObjectsPage {
  account: string;
  type: ObjectTypeName;
  q: string | null;
  data: Obj[];
  has_more: boolean;
}

function customersByEmail(store: Store, account: string, email: string, limit: number): StoredRow[] {
  const variants = [...new Set([email, email.toLowerCase()])];
  return store.list({ accounts: [account], type: "customer", k1In: variants }, { limit }).rows;
}

/**
 * One account's objects of one kind, newest first. `q` finds an object by its id, or by a
 * customer's email (the customer, or the objects of that customer), or an event by its type.
 */
export function objects(store: Store, query: ObjectsQuery): ObjectsPage {
  const kind = OBJECT_TYPES[query.type];
  const limit = Math.min(100, Math.max(1, query.limit ?? 50));
  const q = query.q?.trim().slice(0, MAX_Q) || null;
  const page = (rows: StoredRow[], hasMore: boolean): ObjectsPage => ({
    account: query.account,
    type: query.type,
    q,
    data: rows.map((r) => r.obj),
    has_more: hasMore,
  });
  const before =
    query.before && store.hasCursor([query.account], query.before) ? { startingAfter: query.before } : {};
  if (q === null) {
    const { rows, hasMore } = store.list(
      { accounts: [query.account], type: kind.store },
      { limit, ...before },
    );
    return page(rows, hasMore);
  }
  if (ID.test(q)) {
    const obj = store.get(query.account, q);
    if (obj && obj["object"] === kind.store) return page([{ account: query.account, obj }], false);
    if (q.startsWith("cus_") && kind.byCustomer) {
      const { rows, hasMore } = store.list(
        { accounts: [query.account], type: kind.store, customer: q },
        { limit, ...before },
      );
      return page(rows, hasMore);
    }
    if (kind.store === "event") {
      const { rows, hasMore } = store.list(
        { accounts: [query.account], type: "event", k1: q },
        { limit, ...before },
      );
      return page(rows, hasMore);
    }
    return page([], false);
  }
  if (kind.store === "event") {
    const { rows, hasMore } = store.list(
      { accounts: [query.account], type: "event", k1: q },
      { limit, ...before },
    );
    return page(rows, hasMore);
  }
  if (q.includes("@")) {
    const customers = customersByEmail(store, query.account, q, 20);
    if (kind.store === "customer") return page(customers, false);
    if (!kind.byCustomer) return page([], false);
    const rows: StoredRow[] = [];
    for (const c of customers) {
      rows.push(
        ...store.list(
          { accounts: [query.account], type: kind.store, customer: String(c.obj["id"]) },
          { limit },
        ).rows,
      );
    }
    return page(rows.slice(0, limit), rows.length > limit);
  }
  return page([], false);
}

export interface CustomerHit {
  account: string;
  account_name: string;
  id: string;
  email: string | null;
  name: string | null;
  created: number;
  deleted: boolean;
}

/** Customers in every account of the world by id or email (the start of "one customer across accounts"). */
export function findCustomers(env: DashboardEnv, rawQ: string): CustomerHit[] {
  const q = rawQ.trim().slice(0, MAX_Q);
  if (q === "") return [];
  const hits: CustomerHit[] = [];
  for (const a of env.world.raw.accounts) {
    const rows = ID.test(q)
      ? [env.store.get(a.id, q)]
          .filter((o): o is Obj => o?.["object"] === "customer")
          .map((obj) => ({ account: a.id, obj }))
      : customersByEmail(env.store, a.id, q, 20);
    for (const r of rows) {
      hits.push({
        account: a.id,
        account_name: a.name,
        id: String(r.obj["id"]),
        email: typeof r.obj["email"] === "string" ? r.obj["email"] : null,
        name: typeof r.obj["name"] === "string" ? r.obj["name"] : null,
        created: typeof r.obj["created"] === "number" ? r.obj["created"] : 0,
        deleted: r.obj["deleted"] === true,
      });
    }
  }
  return hits;
}

export interface ChargeableMethod {
  id: string;
  type: string;
  /** `visa •••• 4242 12/34`, or the bank's name and last four. */
  label: string;
  /** The account that stores it: another one for a card shared by the sharing group. */
  stored_in: string;
  shared: boolean;
}

export interface CustomerInstance {
  account: string;
  account_name: string;
  customer: Obj;
  payment_methods: ChargeableMethod[];
}

export interface CustomerAcross {
  id: string;
  instances: CustomerInstance[];
  /** Fields a sharing group keeps in step (at the emulator's default API version). */
  shared_fields: readonly string[];
  /** Every other field a customer has: each account keeps its own value. */
  per_account_fields: string[];
  /** Fields whose values differ between the instances. */
  differing_fields: string[];
}

function methodLabel(pm: Obj): string {
  const card = pm["card"] as Obj | undefined;
  if (card && typeof card === "object") {
    const month = String(card["exp_month"] ?? "").padStart(2, "0");
    const year = String(card["exp_year"] ?? "").slice(-2);
    return `${String(card["brand"] ?? "card")} •••• ${String(card["last4"] ?? "")} ${month}/${year}`;
  }
  const bank = pm["us_bank_account"] as Obj | undefined;
  if (bank && typeof bank === "object") {
    return `${String(bank["bank_name"] ?? "bank account")} •••• ${String(bank["last4"] ?? "")}`;
  }
  if (pm["object"] === "card")
    return `${String(pm["brand"] ?? "card")} •••• ${String(pm["last4"] ?? "")} (source)`;
  return String(pm["type"] ?? pm["object"] ?? "");
}

/**
 * What an account can charge the customer with: its own payment methods and legacy card
 * sources, and the cards the other accounts of its sharing group stored (Organizations share
 * cards, stored once in the account that saved them; other types stay where they were saved).
 */
function chargeable(env: DashboardEnv, account: string, customer: string): ChargeableMethod[] {
  const out: ChargeableMethod[] = [];
  const add = (rows: StoredRow[], shared: boolean) => {
    for (const r of rows) {
      if (shared && r.obj["type"] !== "card") continue;
      out.push({
        id: String(r.obj["id"]),
        type: String(r.obj["type"] ?? r.obj["object"]),
        label: methodLabel(r.obj),
        stored_in: r.account,
        shared,
      });
    }
  };
  add(env.store.list({ accounts: [account], type: "payment_method", customer }, { limit: 100 }).rows, false);
  add(env.store.list({ accounts: [account], type: "card", customer }, { limit: 100 }).rows, false);
  const others = env.world.sharingGroup(account).filter((a) => a !== account);
  if (others.length > 0) {
    add(env.store.list({ accounts: others, type: "payment_method", customer }, { limit: 100 }).rows, true);
  }
  return out;
}

const IDENTITY_FIELDS = new Set(["id", "object", "livemode"]);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A customer id in every account it exists in, fields side by side, and what each account can charge. */
export function customerAcross(env: DashboardEnv, id: string): CustomerAcross {
  const instances: CustomerInstance[] = [];
  for (const a of env.world.raw.accounts) {
    const obj = env.store.get(a.id, id);
    if (!obj || obj["object"] !== "customer") continue;
    instances.push({
      account: a.id,
      account_name: a.name,
      customer: obj,
      payment_methods: chargeable(env, a.id, id),
    });
  }
  const shared = sharedCustomerFields(DEFAULT_API_VERSION);
  const all = new Set<string>();
  for (const i of instances) for (const k of Object.keys(i.customer)) all.add(k);
  const perAccount = [...all].filter((k) => !shared.includes(k) && !IDENTITY_FIELDS.has(k)).sort();
  const differing = [...shared, ...perAccount].filter((k) =>
    instances.some((i) => !same(i.customer[k], instances[0]?.customer[k])),
  );
  return {
    id,
    instances,
    shared_fields: shared,
    per_account_fields: perAccount,
    differing_fields: differing,
  };
}

export interface ResendRecord {
  delivery_id: number;
  at: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  signature: string;
}

export interface DeliveryView {
  id: number;
  endpoint: string;
  url: string;
  event_id: string;
  event_type: string;
  context: string;
  /** Oldest first. */
  attempts: AttemptRecord[];
  resends: ResendRecord[];
  status: "succeeded" | "retrying" | "failed" | "pending";
  last_status: number | null;
  next_attempt_at: number | null;
}

const HISTORY = 2000;

/** Deliveries, newest first: the deliverer's recent attempts grouped per delivery, and the stored pending ones. */
export function deliveries(env: DashboardEnv, resends: readonly ResendRecord[]): DeliveryView[] {
  const byId = new Map<number, DeliveryView>();
  // attempts() is newest first.
  for (const a of env.deliverer.attempts(HISTORY)) {
    let d = byId.get(a.delivery_id);
    if (!d) {
      d = {
        id: a.delivery_id,
        endpoint: a.endpoint,
        url: a.url,
        event_id: a.event_id,
        event_type: a.event_type,
        context: a.context,
        attempts: [],
        resends: [],
        status: a.ok ? "succeeded" : a.next_attempt_at !== null ? "retrying" : "failed",
        last_status: a.status,
        next_attempt_at: a.next_attempt_at,
      };
      byId.set(a.delivery_id, d);
    }
    d.attempts.unshift(a);
  }
  for (const row of env.store.pendingDeliveries(500)) {
    if (byId.has(row.id)) continue;
    const event = env.store.get(row.event_account, row.event_id);
    byId.set(row.id, {
      id: row.id,
      endpoint: row.endpoint_id,
      url: "",
      event_id: row.event_id,
      event_type: String(event?.["type"] ?? ""),
      context: row.event_account,
      attempts: [],
      resends: [],
      status: "pending",
      last_status: row.last_status,
      next_attempt_at: row.next_attempt_at,
    });
  }
  for (const r of resends) byId.get(r.delivery_id)?.resends.push(r);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** The newest event of any account: changes whenever the world's data does. */
export function latestEventId(env: DashboardEnv): string | null {
  const accounts = env.world.raw.accounts.map((a) => a.id);
  const row = env.store.list({ accounts, type: "event" }, { limit: 1 }).rows[0];
  return row ? String(row.obj["id"]) : null;
}
