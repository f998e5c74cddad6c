import http from "node:http";
import https from "node:https";
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

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });

/** node:http with keep-alive: several times cheaper per delivery than fetch (undici) in profiles. */
function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(
      u,
      {
        method: "POST",
        agent: u.protocol === "https:" ? httpsAgent : httpAgent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

interface Outcome {
  row: DeliveryRow;
  rec: AttemptRecord;
  final: boolean;
}

/**
 * Background webhook sender. Deliveries live in SQLite (queued in the same transaction as their
 * event), so a restart resumes whatever was pending. At-least-once, unordered, like Stripe.
 */
export class Deliverer {
  private timer: NodeJS.Timeout | null = null;
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

  private looping = false;
  private again = false;

  /** Single-flight: a kick while a batch is out only asks for one more pass. */
  private async runDue(): Promise<void> {
    if (this.looping) {
      this.again = true;
      return;
    }
    this.looping = true;
    const batch = this.opts.concurrency * 4;
    try {
      do {
        this.again = false;
        // Never send an event whose transaction has not committed yet.
        await this.store.committed();
        if (this.stopped) return;
        const due = this.store.dueDeliveries(Date.now(), batch).filter((d) => !this.inFlight.has(d.id));
        if (due.length > 0) {
          await this.track(this.attemptAll(due));
          if (due.length === batch) this.again = true;
        }
      } while (this.again && !this.stopped);
      if (this.stopped) return;
      const next = this.store.nextDeliveryDue();
      if (next !== null) this.schedule(Math.max(0, next - Date.now()));
    } finally {
      this.looping = false;
    }
  }

  /** Delivers every pending delivery now, ignoring back-off (control route `/_emulator/webhooks/deliver`). */
  async deliverNow(): Promise<AttemptRecord[]> {
    await this.settled();
    await this.store.committed();
    const out: AttemptRecord[] = [];
    for (;;) {
      const batch = this.store
        .pendingDeliveries(this.opts.concurrency * 4)
        .filter((d) => !this.inFlight.has(d.id));
      const fresh = batch.filter((d) => !out.some((o) => o.delivery_id === d.id));
      if (fresh.length === 0) break;
      out.push(...(await this.track(this.attemptAll(fresh))));
    }
    return out;
  }

  private async attemptAll(rows: DeliveryRow[]): Promise<AttemptRecord[]> {
    const outcomes: Outcome[] = [];
    const queue = [...rows];
    for (const r of rows) this.inFlight.add(r.id);
    try {
      const workers = Array.from({ length: Math.min(this.opts.concurrency, queue.length) }, async () => {
        for (let row = queue.shift(); row; row = queue.shift()) outcomes.push(await this.attempt(row));
      });
      await Promise.all(workers);
      // One transaction for the whole batch's bookkeeping (a commit per delivery dominated profiles).
      this.record(outcomes);
    } finally {
      for (const r of rows) this.inFlight.delete(r.id);
    }
    return outcomes.map((o) => o.rec);
  }

  private record(outcomes: Outcome[]): void {
    try {
      this.store.tx(() => {
        for (const { row, rec, final } of outcomes) {
          this.store.updateDelivery({
            ...row,
            status: rec.ok ? "succeeded" : final ? "failed" : "pending",
            attempts: rec.attempt,
            next_attempt_at: rec.next_attempt_at ?? row.next_attempt_at,
            last_status: rec.status,
            last_error: rec.error,
          });
        }
      });
    } catch (e) {
      // The store may have been closed or reset while deliveries were in flight.
      if (!this.stopped) throw e;
    }
    for (const o of outcomes) this.recent.push(o.rec);
    if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
  }

  private async attempt(row: DeliveryRow): Promise<Outcome> {
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
    if (!dest || !event) {
      rec.error = !dest ? "endpoint no longer exists" : "event no longer exists";
    } else {
      const payload = JSON.stringify(event, null, 2);
      const t = Math.floor(Date.now() / 1000);
      try {
        rec.status = await post(
          dest.url,
          payload,
          {
            "content-type": "application/json; charset=utf-8",
            "stripe-signature": signatureHeader(payload, dest.secret, t),
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          },
          this.opts.timeoutMs,
        );
        rec.ok = rec.status >= 200 && rec.status < 300;
      } catch (e) {
        rec.error = e instanceof Error ? e.message : String(e);
      }
    }
    const final = !dest || !event || attempt >= this.opts.maxAttempts;
    rec.next_attempt_at =
      rec.ok || final
        ? null
        : Date.now() + Math.min(this.opts.baseBackoffMs * 2 ** (attempt - 1), this.opts.maxBackoffMs);
    return { row, rec, final };
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
    await this.settled();
  }

  private readonly active = new Set<Promise<unknown>>();

  private async track<T>(p: Promise<T>): Promise<T> {
    this.active.add(p);
    try {
      return await p;
    } finally {
      this.active.delete(p);
    }
  }

  private async settled(): Promise<void> {
    await Promise.allSettled([...this.active]);
  }
}
