import type { World } from "../config/world.js";
import type { Obj, Store } from "../store/db.js";

/** Everything a handler may touch. Handlers are synchronous: they run inside one SQLite transaction. */
export interface Ctx {
  store: Store;
  world: World;
  /** Account the request acts in. */
  account: string;
  /** Account that owns the key (a platform when acting in a connected account); null for organization keys. */
  keyAccount: string | null;
  publishable: boolean;
  apiVersion: string;
  requestId: string | null;
  idempotencyKey: string | null;
  /** Base URL of this emulator, for links such as the 3-D Secure challenge page. */
  baseUrl: string;
  now: number;
  /** Number of events emitted so far in this request (wakes the webhook loop after commit). */
  emitted: number;
}

export interface HandlerResult {
  status?: number;
  body: Obj;
  /** `JSON.stringify(body, null, 2)` when the handler has rendered it already (answered unless expanded). */
  json?: string;
}

export const DEFAULT_API_VERSION = "2026-10-28.endive";

/** Stripe versions are dated; comparing the date part orders them. */
export function versionAtLeast(version: string, date: string): boolean {
  return version.slice(0, 10) >= date;
}
