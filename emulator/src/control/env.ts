import type { World } from "../config/world.js";
import type { Store } from "../store/db.js";
import type { Deliverer } from "../webhooks/delivery.js";
import type { Faults } from "./faults.js";

/**
 * What the control routes reach of the running emulator. server.ts hands its `Emulator` over (it
 * has these and more), so control/ never imports the server that registers it. `url` and `port`
 * are read per request: they are known only once the server listens.
 */
export interface ControlEnv {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly world: World;
  readonly store: Store;
  readonly faults: Faults;
  readonly deliverer: Deliverer;
  /** Back to the configured world with empty data. */
  reset(): Promise<void>;
}
