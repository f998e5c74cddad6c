import { resolveDestination } from "../webhooks/endpoints.js";
import { signatureHeader } from "../webhooks/signing.js";
import type { DashboardEnv } from "./env.js";
import type { DeliveryView, ResendRecord } from "./queries.js";

/**
 * The headers and body a delivery attempt sent. The deliverer signs the event as stored
 * (pretty-printed) with the endpoint's secret at the attempt's second, so they are rebuilt here
 * exactly rather than kept per attempt.
 */
export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

export function signedRequest(env: DashboardEnv, d: DeliveryView, atMs: number): SignedRequest | null {
  const dest = resolveDestination(env.world, env.store, d.endpoint);
  const event = env.store.get(d.context, d.event_id);
  if (!dest || !event) return null;
  const body = JSON.stringify(event, null, 2);
  return {
    url: dest.url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": signatureHeader(body, dest.secret, Math.floor(atMs / 1000)),
      "user-agent": USER_AGENT,
    },
    body,
  };
}

const MAX_RESENDS = 500;
const TIMEOUT_MS = 10_000;

/**
 * "Resend" as Stripe's dashboard has it: the event once more to the endpoint, signed now. It is
 * not a retry of the delivery (the deliverer's own schedule is untouched) and is never retried.
 */
export class Resender {
  private records: ResendRecord[] = [];

  list(): readonly ResendRecord[] {
    return this.records;
  }

  clear(): void {
    this.records = [];
  }

  async resend(env: DashboardEnv, d: DeliveryView): Promise<ResendRecord> {
    const at = Date.now();
    const signed = signedRequest(env, d, at);
    const record: ResendRecord = {
      delivery_id: d.id,
      at,
      status: null,
      error: null,
      ok: false,
      signature: signed?.headers["stripe-signature"] ?? "",
    };
    if (!signed) {
      record.error = "The endpoint or the event no longer exists.";
    } else {
      try {
        const res = await fetch(signed.url, {
          method: "POST",
          headers: signed.headers,
          body: signed.body,
          redirect: "manual",
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.arrayBuffer().catch(() => undefined);
        record.status = res.status;
        record.ok = res.status >= 200 && res.status < 300;
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        record.error = cause ?? (error as Error).message;
      }
    }
    this.records.push(record);
    if (this.records.length > MAX_RESENDS) this.records.splice(0, this.records.length - MAX_RESENDS);
    return record;
  }
}
