import type { World } from "../config/world.js";
import type { DeliveryRow, Store } from "../store/db.js";
import { resolveDestination } from "./endpoints.js";
import { signatureHeader } from "./signing.js";

export interface AttemptRecord {
  delivery_id: number;
  endpoint: string;
  url: string;
  event_id: string;
  event_type: string;
  context: string;
  attempt: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  at: number;
  next_attempt_at: number | null;
}

export interface DeliveryOptions {
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  concurrency?: number;
}

/**
 * Background webhook sender. Deliveries live in SQLite (queued in the same transaction as their
 * event), so a restart resumes whatever was pending. At-least-once, unordered, like Stripe.
 */
export class Deliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<AttemptRecord[]> | null = null;
  private readonly inFlight = new Set<number>();
  private readonly recent: AttemptRecord[] = [];
  private stopped = false;
  private readonly opts: Required<DeliveryOptions>;

  constructor(
    private readonly store: Store,
    private readonly world: World,
    opts: DeliveryOptions = {},
  ) {
    this.opts = {
      baseBackoffMs: opts.baseBackoffMs ?? 1000,
      maxBackoffMs: opts.maxBackoffMs ?? 60_000,
      maxAttempts: opts.maxAttempts ?? 8,
      timeoutMs: opts.timeoutMs ?? 10_000,
      concurrency: opts.concurrency ?? 16,
    };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** New events were committed: attempt them soon (well within Stripe-like ~100 ms). */
  kick(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runDue();
    }, delayMs);
    this.timer.unref();
  }

  private async runDue(): Promise<void> {
    if (this.running) {
      await this.running;
    }
    const due = this.store
      .dueDeliveries(Date.now(), this.opts.concurrency * 4)
      .filter((d) => !this.inFlight.has(d.id));
    if (due.length > 0) {
      this.running = this.attemptAll(due);
      await this.running;
      this.running = null;
    }
    const next = this.store.nextDeliveryDue();
    if (next !== null) this.schedule(Math.max(0, next - Date.now()));
  }

  /** Delivers every pending delivery now, ignoring back-off (control route `/_emulator/webhooks/deliver`). */
  async deliverNow(): Promise<AttemptRecord[]> {
    if (this.running) await this.running;
    const out: AttemptRecord[] = [];
    for (;;) {
      const batch = this.store
        .pendingDeliveries(this.opts.concurrency * 4)
        .filter((d) => !this.inFlight.has(d.id));
      const fresh = batch.filter((d) => !out.some((o) => o.delivery_id === d.id));
      if (fresh.length === 0) break;
      this.running = this.attemptAll(fresh);
      out.push(...(await this.running));
      this.running = null;
    }
    return out;
  }

  private async attemptAll(rows: DeliveryRow[]): Promise<AttemptRecord[]> {
    const results: AttemptRecord[] = [];
    const queue = [...rows];
    const workers = Array.from({ length: Math.min(this.opts.concurrency, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) results.push(await this.attempt(row));
    });
    await Promise.all(workers);
    return results;
  }

  private async attempt(row: DeliveryRow): Promise<AttemptRecord> {
    this.inFlight.add(row.id);
    const dest = resolveDestination(this.world, this.store, row.endpoint_id);
    const event = this.store.get(row.event_account, row.event_id);
    const attempt = row.attempts + 1;
    const rec: AttemptRecord = {
      delivery_id: row.id,
      endpoint: row.endpoint_id,
      url: dest?.url ?? "",
      event_id: row.event_id,
      event_type: String(event?.["type"] ?? ""),
      context: row.event_account,
      attempt,
      status: null,
      error: null,
      ok: false,
      at: Date.now(),
      next_attempt_at: null,
    };
    try {
      if (!dest || !event) {
        rec.error = !dest ? "endpoint no longer exists" : "event no longer exists";
      } else {
        const payload = JSON.stringify(event, null, 2);
        const t = Math.floor(Date.now() / 1000);
        try {
          const res = await fetch(dest.url, {
            method: "POST",
            headers: {
              "content-type": "application/json; charset=utf-8",
              "stripe-signature": signatureHeader(payload, dest.secret, t),
              "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            },
            body: payload,
            redirect: "manual",
            signal: AbortSignal.timeout(this.opts.timeoutMs),
          });
          rec.status = res.status;
          rec.ok = res.status >= 200 && res.status < 300;
          await res.arrayBuffer().catch(() => undefined);
        } catch (e) {
          rec.error =
            e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
        }
      }
      const giveUp = !dest || !event || attempt >= this.opts.maxAttempts;
      const next =
        rec.ok || giveUp
          ? null
          : Date.now() + Math.min(this.opts.baseBackoffMs * 2 ** (attempt - 1), this.opts.maxBackoffMs);
      rec.next_attempt_at = next;
      this.store.updateDelivery({
        ...row,
        status: rec.ok ? "succeeded" : giveUp ? "failed" : "pending",
        attempts: attempt,
        next_attempt_at: next ?? row.next_attempt_at,
        last_status: rec.status,
        last_error: rec.error,
      });
      if (event && (rec.ok || giveUp)) {
        this.store.put(
          row.event_account,
          { ...event, pending_webhooks: this.store.pendingWebhooksFor(row.event_id) },
          {
            type: "event",
            k1: String(event["type"]),
          },
        );
      }
    } finally {
      this.inFlight.delete(row.id);
    }
    this.recent.push(rec);
    if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
    return rec;
  }

  attempts(limit = 100): AttemptRecord[] {
    return this.recent.slice(-limit).reverse();
  }

  clearHistory(): void {
    this.recent.length = 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
  }
}
