import type { World } from "../config/world.js";
import type { Store } from "../store/db.js";
import type { Deliverer } from "../webhooks/delivery.js";
import type { RequestLog } from "./requestLog.js";

/**
 * What the dashboard reads of the running emulator. server.ts hands its `Emulator` over (with
 * the request log), so dashboard/ never imports the server that registers it. `url` and `port`
 * are read per request: they are known only once the server listens.
 */
export interface DashboardEnv {
  readonly url: string;
  readonly port: number;
  readonly world: World;
  readonly store: Store;
  /** The fault rules in force (set and cleared through the control API). */
  readonly faults: { list(): unknown[] };
  readonly deliverer: Deliverer;
  readonly requestLog: RequestLog;
}
