import type { World } from "../config/world.js";
import type { DeliveryRow, OutboxItem, Store } from "../store/db.js";
import { WebhookClient } from "./client.js";
import { destinationsFor, resolveDestination, type Destination } from "./endpoints.js";
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
  /** Deliveries in flight at once (pipelined over at most 4 keep-alive connections per endpoint). */
  concurrency?: number;
}

/** An event's first attempts, from the outbox (or recovered after a restart). */
interface Fresh {
  item: OutboxItem;
  left: number;
}

interface Job {
  id: number;
  endpointKey: string;
  dest: Destination | undefined;
  eventAccount: string;
  eventId: string;
  eventType: string;
  /** The event as sent; null when the event no longer exists. */
  body: string | null;
  attempt: number;
  fresh?: Fresh;
  row?: DeliveryRow;
}

/** How long finished attempts wait before their bookkeeping is written (one transaction for all of them). */
const BOOKKEEPING_MS = 50;

/**
 * Background webhook sender; at least once, unordered, like Stripe.
 *
 * An event's deliveries are staged with its transaction and handed over when it commits; their
 * first attempts need no write of their own. The event row is the durable record: a cursor (the
 * highest event seq whose first attempts are all done and recorded) moves in batches, and only
 * failed attempts become rows, retried with back-off from SQLite. After a crash, the events past
 * the cursor are sent again, so nothing acknowledged is lost (a few may arrive twice).
 */
export class Deliverer {
  private readonly opts: Required<DeliveryOptions>;
  private readonly client: WebhookClient;
  private readonly recent: AttemptRecord[] = [];
  /** No background sending (before start(), after stop()); `deliverNow()` still sends. */
  private stopped = true;
  /** Bumped by stop(): attempts started before it were cut short and are not recorded. */
  private generation = 0;
  /** First attempts waiting for a slot, oldest event first. */
  private queue: Job[] = [];
  private inFlight = 0;
  /** Delivery ids being attempted or whose outcome is not yet written (never picked twice). */
  private readonly busyIds = new Set<number>();
  /** Attempts started and not yet finished (what `settled()` waits for). */
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  /** Events whose first attempts are not all recorded, by seq (handed over in seq order). */
  private unfinished = new Map<number, Fresh>();
  private highestSeq = 0;
  private persistedThrough = 0;
  private nextId = 0;
  private newRows: DeliveryRow[] = [];
  private updatedRows: DeliveryRow[] = [];
  private bookkeepingTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pumpQueued = false;

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
      concurrency: opts.concurrency ?? 256,
    };
    this.client = new WebhookClient(this.opts.timeoutMs);
    store.onOutbox = () => this.kick();
  }

  start(): void {
    this.stopped = false;
    this.queue = [];
    this.unfinished = new Map();
    this.newRows = [];
    this.updatedRows = [];
    this.persistedThrough = this.store.deliveredThrough();
    this.highestSeq = this.persistedThrough;
    this.nextId = this.store.maxDeliveryId();
    this.recovering = true;
    void this.recover();
  }

  private recovering = false;

  /**
   * Everything past the cursor is sent again: events committed before a crash (or a stop) whose
   * first attempts were not all recorded. Runs once no transaction is open, so the scan sees
   * exactly the committed events, and the outbox (a subset of them) is dropped in its favour.
   */
  private async recover(): Promise<void> {
    while (this.store.pendingCommit) await this.store.committed();
    if (this.stopped) return;
    this.store.takeOutbox();
    const found: OutboxItem[] = [];
    for (const account of this.world.accounts.keys()) {
      for (const { seq, obj } of this.store.eventsAfter(account, this.persistedThrough)) {
        const destinations = destinationsFor(this.world, this.store, account, String(obj["type"]));
        if (destinations.length === 0) continue;
        const eventId = String(obj["id"]);
        this.store.track(eventId, destinations.length);
        found.push({
          account,
          eventId,
          eventType: String(obj["type"]),
          seq,
          payload: JSON.stringify(obj, null, 2),
          destinations,
        });
      }
    }
    found.sort((a, b) => a.seq - b.seq);
    this.recovering = false;
    this.accept(found);
    this.kick();
    this.scheduleRetries(0);
  }

  /** Committed events are waiting in the outbox: hand them to the sender. */
  kick(): void {
    if (this.recovering) return;
    const items = this.store.takeOutbox();
    if (items.length > 0) this.accept(items);
  }

  private accept(items: OutboxItem[]): void {
    for (const item of items) {
      const fresh: Fresh = { item, left: item.destinations.length };
      this.unfinished.set(item.seq, fresh);
      if (item.seq > this.highestSeq) this.highestSeq = item.seq;
      for (const dest of item.destinations) {
        this.queue.push({
          id: ++this.nextId,
          endpointKey: dest.key,
          dest,
          eventAccount: item.account,
          eventId: item.eventId,
          eventType: item.eventType,
          body: item.payload,
          attempt: 1,
          fresh,
        });
      }
    }
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < this.opts.concurrency && this.queue.length > 0) {
      const job = this.queue.shift();
      if (job) this.send(job);
    }
  }

  private attempt(job: Job): Promise<AttemptRecord | null> {
    return new Promise((resolve) => this.send(job, resolve));
  }

  /**
   * One attempt; its outcome is recorded in memory at once and in SQLite with the next
   * bookkeeping. Callbacks, not promises: this runs for every delivery.
   */
  private send(job: Job, done?: (rec: AttemptRecord | null) => void): void {
    this.inFlight++;
    this.active++;
    this.busyIds.add(job.id);
    const generation = this.generation;
    const rec: AttemptRecord = {
      delivery_id: job.id,
      endpoint: job.endpointKey,
      url: job.dest?.url ?? "",
      event_id: job.eventId,
      event_type: job.eventType,
      context: job.eventAccount,
      attempt: job.attempt,
      status: null,
      error: null,
      ok: false,
      at: Date.now(),
      next_attempt_at: null,
    };
    if (!job.dest)
      return this.finish(job, rec, generation, done, null, new Error("endpoint no longer exists"));
    if (job.body === null)
      return this.finish(job, rec, generation, done, null, new Error("event no longer exists"));
    const t = Math.floor(rec.at / 1000);
    this.client.send(
      job.dest.url,
      `content-type: application/json; charset=utf-8\r\nstripe-signature: ${signatureHeader(job.body, job.dest.secret, t)}\r\nuser-agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)\r\n`,
      job.body,
      (status, error) => this.finish(job, rec, generation, done, status, error),
    );
  }

  /** An attempt's end (a method, not a closure per delivery: under tsx each named closure costs a `__name` call). */
  private finish(
    job: Job,
    rec: AttemptRecord,
    generation: number,
    done: ((rec: AttemptRecord | null) => void) | undefined,
    status: number | null,
    error: Error | null,
  ): void {
    this.inFlight--;
    rec.status = status;
    rec.error = error ? error.message : null;
    rec.ok = status !== null && status >= 200 && status < 300;
    // Cut short by stop(): nothing is recorded, and a first attempt waits in the queue again
    // (a stored retry stays due in SQLite).
    const interrupted = generation !== this.generation;
    if (interrupted) {
      this.busyIds.delete(job.id);
      if (job.fresh) this.queue.unshift(job);
    } else {
      this.outcome(job, rec);
      this.schedulePump();
    }
    if (--this.active === 0) for (const w of this.idleWaiters.splice(0)) w();
    done?.(interrupted ? null : rec);
  }

  private outcome(job: Job, rec: AttemptRecord): void {
    const final = !job.dest || !job.body || job.attempt >= this.opts.maxAttempts;
    rec.next_attempt_at =
      rec.ok || final
        ? null
        : Date.now() + Math.min(this.opts.baseBackoffMs * 2 ** (job.attempt - 1), this.opts.maxBackoffMs);
    const row: DeliveryRow = {
      id: job.id,
      endpoint_id: job.endpointKey,
      event_account: job.eventAccount,
      event_id: job.eventId,
      status: rec.ok ? "succeeded" : final ? "failed" : "pending",
      attempts: job.attempt,
      next_attempt_at: rec.next_attempt_at ?? job.row?.next_attempt_at ?? rec.at,
      last_status: rec.status,
      last_error: rec.error,
    };
    if (job.fresh) {
      if (rec.ok) {
        this.store.settle(job.eventId);
        this.busyIds.delete(job.id);
      } else this.newRows.push(row);
      if (--job.fresh.left === 0) this.unfinished.delete(job.fresh.item.seq);
    } else {
      this.updatedRows.push(row);
    }
    this.recent.push(rec);
    if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 1000);
    this.scheduleBookkeeping();
  }

  private scheduleBookkeeping(): void {
    if (this.bookkeepingTimer) return;
    this.bookkeepingTimer = setTimeout(() => {
      this.bookkeepingTimer = null;
      this.bookkeep();
    }, BOOKKEEPING_MS);
    this.bookkeepingTimer.unref();
  }

  /** One transaction (joining the group commit) for every outcome since the last one, and the cursor. */
  private bookkeep(): void {
    if (this.bookkeepingTimer) {
      clearTimeout(this.bookkeepingTimer);
      this.bookkeepingTimer = null;
    }
    const rows = this.newRows;
    const updates = this.updatedRows;
    const firstUnfinished = this.unfinished.keys().next();
    const through = firstUnfinished.done ? this.highestSeq : firstUnfinished.value - 1;
    if (rows.length === 0 && updates.length === 0 && through <= this.persistedThrough) return;
    this.newRows = [];
    this.updatedRows = [];
    try {
      this.store.tx(() => {
        for (const r of rows) this.store.insertDelivery(r);
        for (const r of updates) this.store.updateDelivery(r);
        if (through > this.persistedThrough) this.store.setDeliveredThrough(through);
      });
      this.persistedThrough = Math.max(this.persistedThrough, through);
      // A failed first attempt is pending through its row from now on.
      for (const r of rows) this.store.settle(r.event_id);
    } catch (e) {
      // The store may have been closed or reset while deliveries were in flight.
      if (!this.stopped) throw e;
    } finally {
      for (const r of rows) this.busyIds.delete(r.id);
      for (const r of updates) this.busyIds.delete(r.id);
    }
    if (rows.length > 0 || updates.length > 0) this.scheduleRetries();
  }

  /** Wakes up when the next stored delivery is due. */
  private scheduleRetries(delayMs?: number): void {
    if (this.stopped) return;
    let delay = delayMs;
    if (delay === undefined) {
      const next = this.store.nextDeliveryDue();
      if (next === null) return;
      delay = Math.max(0, next - Date.now());
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.retryDue();
    }, delay);
    this.retryTimer.unref();
  }

  private async retryDue(): Promise<void> {
    await this.store.committed();
    if (this.stopped) return;
    const due = this.store.dueDeliveries(Date.now(), this.opts.concurrency);
    const rows = due.filter((r) => !this.busyIds.has(r.id));
    // Outcomes (these, or the busy rows' still being written) reschedule through the bookkeeping.
    if (rows.length > 0) await Promise.all(rows.map((r) => this.attempt(this.retryJob(r))));
    else if (due.length === 0) this.scheduleRetries();
  }

  private retryJob(row: DeliveryRow): Job {
    const dest = resolveDestination(this.world, this.store, row.endpoint_id);
    const event = this.store.get(row.event_account, row.event_id);
    return {
      id: row.id,
      endpointKey: row.endpoint_id,
      dest,
      eventAccount: row.event_account,
      eventId: row.event_id,
      eventType: String(event?.["type"] ?? ""),
      body: event ? JSON.stringify(event, null, 2) : null,
      attempt: row.attempts + 1,
      row,
    };
  }

  private settled(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Delivers every pending delivery now, ignoring back-off (control route `/_emulator/webhooks/deliver`). */
  async deliverNow(): Promise<AttemptRecord[]> {
    await this.settled();
    await this.store.committed();
    this.kick();
    const out: AttemptRecord[] = [];
    const attempted = new Set<number>();
    const runAll = async (jobs: Job[]): Promise<void> => {
      for (const j of jobs) attempted.add(j.id);
      const recs = await Promise.all(jobs.map((j) => this.attempt(j)));
      for (const r of recs) if (r) out.push(r);
      this.bookkeep();
      await this.store.committed();
    };
    await runAll(this.queue.splice(0));
    this.bookkeep();
    await this.store.committed();
    for (;;) {
      const rows = this.store
        .pendingDeliveries(this.opts.concurrency)
        .filter((d) => !this.busyIds.has(d.id) && !attempted.has(d.id));
      if (rows.length === 0) break;
      await runAll(rows.map((r) => this.retryJob(r)));
    }
    return out;
  }

  attempts(limit = 100): AttemptRecord[] {
    return this.recent.slice(-limit).reverse();
  }

  clearHistory(): void {
    this.recent.length = 0;
  }

  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // What finished before the stop is recorded; what is cut short is attempted again later.
    this.bookkeep();
    this.stopped = true;
    this.generation++;
    this.client.close();
    await this.settled();
  }
}
