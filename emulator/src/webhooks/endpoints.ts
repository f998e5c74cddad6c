import type { World } from "../config/world.js";
import type { Destination, Obj, Store } from "../store/db.js";

export type { Destination };

function fromStored(store: Store, account: string, o: Obj): Destination {
  return {
    key: `${account}/${String(o["id"])}`,
    url: String(o["url"]),
    secret: store.bookkeeping(account, String(o["id"])).secret ?? "",
    enabledEvents: Array.isArray(o["enabled_events"]) ? (o["enabled_events"] as string[]) : ["*"],
    disabled: o["status"] === "disabled",
  };
}

function isConnectEndpoint(store: Store, account: string, o: Obj): boolean {
  return store.bookkeeping(account, String(o["id"])).connect === true;
}

export function resolveDestination(world: World, store: Store, key: string): Destination | undefined {
  const slash = key.indexOf("/");
  if (slash !== -1) {
    const o = store.get(key.slice(0, slash), key.slice(slash + 1));
    return o ? fromStored(store, key.slice(0, slash), o) : undefined;
  }
  for (const org of world.raw.organizations) {
    const e = org.webhook_endpoints.find((x) => x.id === key);
    if (e)
      return {
        key,
        url: world.resolveEndpoint(e).url,
        secret: e.secret,
        enabledEvents: e.enabled_events,
        disabled: false,
      };
  }
  for (const a of world.raw.accounts) {
    const e = a.webhook_endpoints.find((x) => x.id === key);
    if (e)
      return {
        key,
        url: world.resolveEndpoint(e).url,
        secret: e.secret,
        enabledEvents: e.enabled_events,
        disabled: false,
      };
  }
  return undefined;
}

function wants(d: Destination, type: string): boolean {
  return !d.disabled && (d.enabledEvents.includes("*") || d.enabledEvents.includes(type));
}

const cache = new WeakMap<Store, { version: number; byAccount: Map<string, Destination[]> }>();

/** All destinations of an account's events, cached until an endpoint changes (one lookup per event was measurable). */
function allDestinations(world: World, store: Store, account: string): Destination[] {
  let entry = cache.get(store);
  if (!entry || entry.version !== store.endpointsVersion) {
    entry = { version: store.endpointsVersion, byAccount: new Map() };
    cache.set(store, entry);
  }
  let list = entry.byAccount.get(account);
  if (!list) {
    list = computeDestinations(world, store, account);
    entry.byAccount.set(account, list);
  }
  return list;
}

export function destinationsFor(world: World, store: Store, account: string, type: string): Destination[] {
  return allDestinations(world, store, account).filter((d) => wants(d, type));
}

/**
 * Who receives an event that happened in `account`: the account's own endpoints, the Connect
 * endpoints of its platform (`connect: true`), and the endpoints of its organization.
 */
function computeDestinations(world: World, store: Store, account: string): Destination[] {
  const out: Destination[] = [];
  for (const r of store.scan([account], "webhook_endpoint")) {
    if (!isConnectEndpoint(store, account, r.obj)) out.push(fromStored(store, account, r.obj));
  }
  const acct = world.accounts.get(account);
  for (const e of acct?.webhook_endpoints ?? []) {
    if (!e.connect) out.push(resolveDestination(world, store, e.id) as Destination);
  }
  const platform = world.platformOf(account);
  if (platform) {
    for (const r of store.scan([platform], "webhook_endpoint")) {
      if (isConnectEndpoint(store, platform, r.obj)) out.push(fromStored(store, platform, r.obj));
    }
    for (const e of world.accounts.get(platform)?.webhook_endpoints ?? []) {
      if (e.connect) out.push(resolveDestination(world, store, e.id) as Destination);
    }
  }
  const org = world.organizationOf(account);
  for (const e of org?.webhook_endpoints ?? [])
    out.push(resolveDestination(world, store, e.id) as Destination);
  return out;
}
