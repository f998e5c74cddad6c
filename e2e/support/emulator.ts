import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_EMULATOR_URL } from "./servers";

/** One fault rule of the emulator's `/_emulator/faults` (see emulator/README.md). */
export interface FaultRule {
  /** A glob (`/v1/checkout/*`) or a regular expression (`^/v1/customers/cus_`) over the request path. */
  path: string;
  method?: "GET" | "POST" | "DELETE";
  /** Answer this status instead of serving the request (Stripe's 500 or 429 bodies). */
  status?: 500 | 429;
  /** Wait this long before serving (or failing) the request: real Stripe's round trip is ~250 ms. */
  delayMs?: number;
  /** The share of matching requests the rule applies to, 0–1. */
  rate: number;
  /** Stop after this many. */
  count?: number;
  /** Only requests acting in this Stripe account (`acct_…`). */
  account?: string;
}

/**
 * The emulator's control API as tests use it: fault injection and latency, and webhook
 * delivery on demand. Tests that use it are tagged @emulator (a deployment may have no
 * emulator); the fixture clears every fault when the test ends, pass or fail.
 */
export class EmulatorControl {
  private faultsSet = false;

  constructor(private readonly request: APIRequestContext) {}

  private async send(path: string, method: "GET" | "POST" | "DELETE", data?: unknown) {
    // JSON from a non-browser client (also without a body): what the control API's guard accepts.
    const response = await this.request.fetch(`${E2E_EMULATOR_URL}${path}`, {
      method,
      ...(method === "GET" ? {} : { headers: { "content-type": "application/json" } }),
      ...(data === undefined ? {} : { data }),
    });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.json() as Promise<unknown>;
  }

  /** Replaces the emulator's fault rules (the first matching rule decides a request). */
  async injectFaults(...rules: FaultRule[]): Promise<void> {
    this.faultsSet = true;
    await this.send("/_emulator/faults", "POST", { rules });
  }

  /** Every Stripe call waits `delayMs` first, as real Stripe's round trip would. */
  async addLatency(delayMs: number): Promise<void> {
    await this.injectFaults({ path: "/v1/*", delayMs, rate: 1 });
  }

  /** How many requests each rule has changed so far. */
  async faultsApplied(): Promise<number[]> {
    const { rules } = (await this.send("/_emulator/faults", "GET")) as { rules: { applied: number }[] };
    return rules.map((rule) => rule.applied);
  }

  async clearFaults(): Promise<void> {
    if (!this.faultsSet) return;
    await this.send("/_emulator/faults", "DELETE");
    this.faultsSet = false;
  }

  /** Sends every pending webhook delivery now instead of waiting for the delivery loop. */
  async deliverWebhooksNow(): Promise<void> {
    await this.send("/_emulator/webhooks/deliver", "POST", {});
  }
}
