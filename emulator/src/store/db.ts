import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

export type Obj = Record<string, unknown>;

/**
 * What the emulator remembers about an object that Stripe never shows: stored beside the object
 * (its own column), never inside it, so nothing rendered can carry it. The store owns it; every
 * field belongs to one kind of object.
 */
export interface Bookkeeping {
  /** Card PaymentMethods, tokens and card sources: the full number (test-card behaviour follows it). */
  pan?: string;
  /** us_bank_account PaymentMethods: the full account number (test accounts' outcomes follow it). */
  accountNumber?: string;
  /** PaymentMethods: when it was attached (ms), so the newest saved card is offered first. */
  attachedAt?: number;
  /** PaymentMethods: used once without a customer; Stripe refuses to use it again. */
  consumed?: boolean;
  /** PaymentMethods: detached from its customer; Stripe refuses to use it again. */
  detached?: boolean;
  /** PaymentMethods: the card this one was cloned from (Connect cloning). */
  cloneOf?: string;
  /** us_bank_account PaymentMethods and PaymentIntents: the mandate of an accepted debit authorization. */
  mandate?: string;
  /** us_bank_account PaymentMethods: microdeposits verified. */
  verified?: boolean;
  /** Payment and SetupIntents: the customer completed 3-D Secure for the current attempt. */
  authenticated?: boolean;
  /** Payment and SetupIntents: the Checkout Session that owns the intent. */
  checkoutSession?: string;
  /** Checkout Sessions: the PaymentIntent of the attempt in progress. */
  attemptPaymentIntent?: string;
  /** Checkout Sessions: what completing the attempt in progress will do (its own shape per mode). */
  pending?: Record<string, unknown>;
  /** Checkout Sessions: `payment_intent_data` as given, applied when the PaymentIntent is created. */
  paymentIntentData?: Record<string, unknown>;
  /** Checkout Sessions: the line items as given. */
  lineItems?: unknown;
  /** Charges and PaymentIntents: the amount released by a partial capture (not refundable). */
  released?: number;
  /** Webhook endpoints created through the API: the signing secret (shown once, at creation). */
  secret?: string;
  /** Webhook endpoints created through the API: receives the connected accounts' events. */
  connect?: boolean;
  /** Confirmation tokens: the PaymentMethod data the token will create. */
  source?: Record<string, unknown>;
}

/** Earlier stores kept bookkeeping in the object under `__snake_case` keys: their names here. */
function bookkeepingKey(legacyKey: string): keyof Bookkeeping | null {
  const name = legacyKey.slice(2);
  if (name === "attempt_pi") return "attemptPaymentIntent";
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return BOOKKEEPING_KEYS.has(camel) ? (camel as keyof Bookkeeping) : null;
}

const BOOKKEEPING_KEYS = new Set<string>([
  "pan",
  "accountNumber",
  "attachedAt",
  "consumed",
  "detached",
  "cloneOf",
  "mandate",
  "verified",
  "authenticated",
  "checkoutSession",
  "attemptPaymentIntent",
  "pending",
  "paymentIntentData",
  "lineItems",
  "released",
  "secret",
  "connect",
  "source",
] satisfies Array<keyof Bookkeeping>);

/** Where an event is delivered: the store keeps staged deliveries and their retries by it. */
export interface Destination {
  /** `we_…` for endpoints of the world config, `acct_…/we_…` for endpoints created through the API. */
  key: string;
  url: string;
  secret: string;
  enabledEvents: readonly string[];
  disabled: boolean;
}

/** Secondary columns used by indexes so lists never scan or sort the whole store. */
export interface IndexColumns {
  type: string;
  customer?: string | null;
  /** Free secondary key: event type for events, email for customers, client secret for sessions. */
  k1?: string | null;
}

export interface ListFilter {
  accounts: readonly string[];
  type: string;
  customer?: string;
  k1?: string;
  k1Prefix?: string;
  k1In?: readonly string[];
  created?: { gt?: number; gte?: number; lt?: number; lte?: number };
}

export interface Page {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export interface StoredRow {
  account: string;
  obj: Obj;
}

export interface IdempotencyRecord {
  method: string;
  path: string;
  paramsHash: string;
  status: number;
  body: string;
  requestId: string;
}

export interface DeliveryRow {
  id: number;
  endpoint_id: string;
  event_account: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_status: number | null;
  last_error: string | null;
}

/**
 * An event's webhook deliveries, handed to the sender once the event's transaction commits. No
 * row is written per delivery: the event row itself is the durable record until the sender moves
 * the delivery cursor past it (see `deliveredThrough`), and only failed attempts become rows.
 */
export interface OutboxItem {
  account: string;
  eventId: string;
  eventType: string;
  /** The event row's insertion sequence. */
  seq: number;
  /** The event as delivered (rendered once, shared by every destination; each signs it). */
  payload: string;
  destinations: readonly Destination[];
}

/** Values per row of a (multi-row) INSERT into objects; at most MAX_DEFERRED_ROWS rows per statement. */
const ROW_VALUES = 9;
const MAX_DEFERRED_ROWS = 8;

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The types looked up by bare id (the partial index's condition, repeated by its query). */
const BY_ID_TYPES = "(type = 'checkout.session' OR type = 'payment_intent' OR type = 'setup_intent')";

const SCHEMA = `
-- Rows are keyed by their insertion sequence; the (account, id) key lives in memory (see Store):
-- a B-tree on random ids made every insert touch a random page, which dominated write profiles.
CREATE TABLE IF NOT EXISTS objects (
  seq INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  created INTEGER NOT NULL,
  customer TEXT,
  k1 TEXT,
  data TEXT NOT NULL,
  -- The emulator's own notes about the object (see Bookkeeping): JSON, NULL when it has none.
  internal TEXT
);
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (account, type, seq);
-- Partial indexes: every index page a write touches is another WAL frame, and the commit's
-- WAL write dominated create profiles. Rows without a customer / k1 stay out of those indexes,
-- and only objects looked up by bare id (sessions, payment and setup intents) are indexed by id.
-- That index's condition is three equalities, not an IN list: SQLite evaluates the condition on
-- every insert, and an IN list of more than two values built a temporary table each time.
DROP INDEX IF EXISTS objects_by_customer;
DROP INDEX IF EXISTS objects_by_k1;
DROP INDEX IF EXISTS objects_by_id;
DROP INDEX IF EXISTS objects_by_id_p;
DROP INDEX IF EXISTS objects_by_id_q;
CREATE INDEX IF NOT EXISTS objects_by_customer_p ON objects (account, type, customer, seq) WHERE customer IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_by_k1_p ON objects (account, type, k1, seq) WHERE k1 IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_by_id_r ON objects (id) WHERE ${BY_ID_TYPES};
CREATE TABLE IF NOT EXISTS idempotency (
  account TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (account, key)
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_ms);
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint_id TEXT NOT NULL,
  event_account TEXT NOT NULL,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_event ON deliveries (event_id);
-- Every event with seq <= this has had its first delivery attempts made and their failures stored
-- as deliveries rows; events after it are (re)sent from the objects table after a restart.
CREATE TABLE IF NOT EXISTS webhook_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
`;

/**
 * Durable object store. Every request's writes run inside one SQLite transaction (WAL,
 * synchronous=NORMAL), so a kill -9 loses at most the requests that had not committed.
 */
export class Store {
  readonly db: Database.Database;
  private seq: number;
  /** Bumped whenever webhook endpoints may have changed, so routing caches know to rebuild. */
  endpointsVersion = 0;
  private readonly st;
  /**
   * Rows put by the open request, not yet inserted (nine values each): a request's new rows go
   * in one multi-row INSERT, written before any other statement runs (see `stmts`), so every
   * read still sees them, and before the request's savepoint is released.
   */
  private rows: unknown[] = [];
  /** Whether `put` may defer inserts (inside a request's savepoint). */
  private deferring = false;
  private readonly insertRows = new Map<number, Database.Statement>();

  /** The prepared statements, any deferred rows written first. */
  private get stmts(): Store["st"] {
    if (this.rows.length > 0) this.writeRows();
    return this.st;
  }

  private writeRows(): void {
    const rows = this.rows;
    this.rows = [];
    const n = rows.length / ROW_VALUES;
    let st = this.insertRows.get(n);
    if (!st) {
      st = this.db.prepare(
        `INSERT INTO objects (seq, account, id, type, created, customer, k1, data, internal) VALUES ${Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      );
      this.insertRows.set(n, st);
    }
    st.run(...rows);
  }

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // Checkpoints fsync; at the default (every 1000 pages) they dominated write profiles. A
    // periodic passive checkpoint (see checkpoint()) plus a large safety net keeps them rare.
    this.db.pragma("wal_autocheckpoint = 20000");
    this.db.pragma("busy_timeout = 5000");
    // Each request's savepoint journals the pages it changes; on disk (the default) that journal
    // went to a temporary file once past 64 KB, a write per page and a file per transaction, most
    // of a create's write system calls. It is only needed to roll a savepoint back, never after a crash.
    this.db.pragma("temp_store = MEMORY");
    migrateObjectsTable(this.db);
    this.db.exec(SCHEMA);
    moveBookkeepingOutOfObjects(this.db);
    const row = this.db.prepare("SELECT MAX(seq) AS m FROM objects").get() as { m: number | null };
    this.seq = row.m ?? 0;
    for (const r of this.db.prepare("SELECT account, id, seq FROM objects").raw().iterate() as Iterable<
      [string, string, number]
    >)
      this.keysOf(r[0]).set(r[1], r[2]);
    // A store written before the cursor existed queued every delivery as a row: start after it.
    this.db.prepare("INSERT OR IGNORE INTO webhook_cursor (id, seq) VALUES (1, ?)").run(this.seq);
    const db = this.db;
    this.st = {
      begin: db.prepare("BEGIN IMMEDIATE"),
      commit: db.prepare("COMMIT"),
      savepoint: db.prepare("SAVEPOINT request"),
      release: db.prepare("RELEASE request"),
      rollbackTo: db.prepare("ROLLBACK TO request"),
      get: db.prepare("SELECT data FROM objects WHERE seq = ?").pluck(),
      // Positional parameters: binding an object of named ones cost a property lookup per column.
      insert: db.prepare(
        "INSERT INTO objects (seq, account, id, type, created, customer, k1, data, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      update: db.prepare("UPDATE objects SET customer = @customer, k1 = @k1, data = @data WHERE seq = @seq"),
      updateWithBookkeeping: db.prepare(
        "UPDATE objects SET customer = @customer, k1 = @k1, data = @data, internal = @internal WHERE seq = @seq",
      ),
      getBookkeeping: db.prepare("SELECT internal FROM objects WHERE seq = ?").pluck(),
      setBookkeeping: db.prepare("UPDATE objects SET internal = ? WHERE seq = ?"),
      del: db.prepare("DELETE FROM objects WHERE seq = ?"),
      byId: db.prepare(`SELECT account, data FROM objects WHERE id = ? AND ${BY_ID_TYPES}`),
      idemGet: db.prepare(
        "SELECT method, path, params_hash AS paramsHash, status, body, request_id AS requestId, created_ms FROM idempotency WHERE account = ? AND key = ?",
      ),
      idemPut: db.prepare(
        "INSERT OR REPLACE INTO idempotency (account, key, method, path, params_hash, status, body, request_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      idemPrune: db.prepare("DELETE FROM idempotency WHERE created_ms < ?"),
      deliveryInsert: db.prepare(
        `INSERT INTO deliveries (id, endpoint_id, event_account, event_id, status, attempts, next_attempt_at, last_status, last_error)
         VALUES (@id, @endpoint_id, @event_account, @event_id, @status, @attempts, @next_attempt_at, @last_status, @last_error)`,
      ),
      maxDeliveryId: db
        .prepare(
          "SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM deliveries UNION ALL SELECT seq AS m FROM sqlite_sequence WHERE name = 'deliveries')",
        )
        .pluck(),
      cursorGet: db.prepare("SELECT seq FROM webhook_cursor WHERE id = 1").pluck(),
      cursorSet: db.prepare(
        "INSERT INTO webhook_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq",
      ),
      eventsAfter: db.prepare(
        "SELECT seq, data FROM objects WHERE account = ? AND type = 'event' AND seq > ? ORDER BY seq",
      ),
      deliveriesDue: db.prepare(
        "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
      ),
      deliveriesPending: db.prepare("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id LIMIT ?"),
      nextDue: db.prepare("SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'").pluck(),
      deliveryUpdate: db.prepare(
        "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ?",
      ),
      deliveriesForEvent: db
        .prepare("SELECT COUNT(*) FROM deliveries WHERE event_id = ? AND status = 'pending'")
        .pluck(),
    };
  }

  /**
   * Group commit: the requests handled in one event-loop turn share one SQLite transaction,
   * each inside its own savepoint (so one request's failure rolls back only its writes). The
   * COMMIT runs on setImmediate, and nobody answers a request before `committed()` resolves,
   * so a kill -9 still loses only requests that were never acknowledged. One commit (WAL
   * append) per turn instead of per request was the largest single cost in write profiles.
   */
  tx<T>(fn: () => T): T {
    if (!this.groupOpen) {
      this.stmts.begin.run();
      this.groupOpen = true;
      setImmediate(() => this.flush());
    }
    // Deliveries staged and keys written by a request whose savepoint rolls back go with its rows.
    const mark = this.staged.length;
    const undoMark = this.undo.length;
    // Prepared savepoint statements: a transaction function per request (better-sqlite3's
    // db.transaction) allocated its four wrappers on every call.
    this.stmts.savepoint.run();
    const wasDeferring = this.deferring;
    this.deferring = true;
    try {
      const result = fn();
      // Writes the request's deferred rows first (see `stmts`).
      this.stmts.release.run();
      return result;
    } catch (e) {
      // Rows not yet inserted are this request's own (a savepoint writes the ones before it).
      this.rows = [];
      if (this.db.inTransaction) {
        this.stmts.rollbackTo.run();
        this.stmts.release.run();
      }
      this.unstage(mark);
      this.revertKeys(undoMark);
      throw e;
    } finally {
      this.deferring = wasDeferring;
    }
  }

  /** (account, id) → seq of every stored object: the table's key, kept in memory. */
  private readonly keys = new Map<string, Map<string, number>>();
  /** Key changes of the open group transaction, newest last, to revert with a rollback. */
  private undo: Array<{ account: string; id: string; prev: number | undefined }> = [];

  private keysOf(account: string): Map<string, number> {
    let m = this.keys.get(account);
    if (!m) {
      m = new Map();
      this.keys.set(account, m);
    }
    return m;
  }

  private setKey(account: string, id: string, seq: number | undefined): void {
    const m = this.keysOf(account);
    if (this.db.inTransaction) this.undo.push({ account, id, prev: m.get(id) });
    if (seq === undefined) m.delete(id);
    else m.set(id, seq);
  }

  private revertKeys(mark: number): void {
    for (let i = this.undo.length - 1; i >= mark; i--) {
      const u = this.undo[i];
      if (!u) continue;
      const m = this.keysOf(u.account);
      if (u.prev === undefined) m.delete(u.id);
      else m.set(u.id, u.prev);
    }
    this.undo.length = mark;
  }

  private staged: OutboxItem[] = [];
  private outbox: OutboxItem[] = [];
  /** Destinations of staged or handed-out events that have neither succeeded nor been stored as rows. */
  private readonly unsettled = new Map<string, number>();
  /** Called after a COMMIT that made outbox items available (the webhook sender wakes up). */
  onOutbox: (() => void) | null = null;

  /** Queues an event's deliveries; they become available (`takeOutbox`) when its transaction commits. */
  stage(item: OutboxItem): void {
    this.staged.push(item);
    this.unsettled.set(item.eventId, (this.unsettled.get(item.eventId) ?? 0) + item.destinations.length);
  }

  private unstage(mark: number): void {
    for (const item of this.staged.splice(mark)) this.settle(item.eventId, item.destinations.length);
  }

  /** Committed deliveries not yet handed out. */
  takeOutbox(): OutboxItem[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /** Counts in-memory deliveries of a recovered event as pending (`pending_webhooks`) until they settle. */
  track(eventId: string, destinations: number): void {
    this.unsettled.set(eventId, (this.unsettled.get(eventId) ?? 0) + destinations);
  }

  /** `n` destinations of the event succeeded, or their failure is now stored as a deliveries row. */
  settle(eventId: string, n = 1): void {
    const left = (this.unsettled.get(eventId) ?? 0) - n;
    if (left > 0) this.unsettled.set(eventId, left);
    else this.unsettled.delete(eventId);
  }

  /** The delivery cursor: every event with a lower or equal seq needs nothing from a restart. */
  deliveredThrough(): number {
    return (this.stmts.cursorGet.get() as number | undefined) ?? 0;
  }

  setDeliveredThrough(seq: number): void {
    this.stmts.cursorSet.run(seq);
  }

  /** Events of an account stored after `seq`, oldest first (the sender's recovery after a restart). */
  eventsAfter(account: string, seq: number): Array<{ seq: number; obj: Obj }> {
    return (this.stmts.eventsAfter.all(account, seq) as { seq: number; data: string }[]).map((r) => ({
      seq: r.seq,
      obj: JSON.parse(r.data) as Obj,
    }));
  }

  /** Whether a group transaction is open (its writes not yet committed). */
  get pendingCommit(): boolean {
    return this.groupOpen;
  }

  private groupOpen = false;
  private waiters: Array<(error: { cause: unknown } | null) => void> = [];

  /** Resolves once everything written so far is committed (rejects if the commit failed). */
  committed(): Promise<void> {
    if (!this.groupOpen) return Promise.resolve();
    return new Promise((resolve, reject) =>
      this.waiters.push((error) => (error === null ? resolve() : reject(error.cause))),
    );
  }

  /**
   * `committed()` as a callback (`error` set when the commit failed), called at once when nothing
   * is pending: the API's requests wait on it, and a promise per request was measurable.
   */
  afterCommit(done: (error: { cause: unknown } | null) => void): void {
    if (!this.groupOpen) done(null);
    else this.waiters.push(done);
  }

  private flush(): void {
    if (!this.groupOpen) return;
    const waiters = this.waiters;
    this.waiters = [];
    this.groupOpen = false;
    try {
      this.stmts.commit.run();
    } catch (e) {
      try {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
      } catch {
        // Nothing left to roll back.
      }
      this.unstage(0);
      this.revertKeys(0);
      for (const w of waiters) w({ cause: e });
      return;
    }
    this.undo = [];
    if (this.staged.length > 0) {
      for (const item of this.staged) this.outbox.push(item);
      this.staged = [];
      this.onOutbox?.();
    }
    for (const w of waiters) w(null);
  }

  get(account: string, id: string): Obj | undefined {
    const seq = this.keys.get(account)?.get(id);
    if (seq === undefined) return undefined;
    const data = this.stmts.get.get(seq) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as Obj);
  }

  /** The stored instances of a Checkout Session or PaymentIntent id, whatever its account (control routes). */
  findById(id: string): StoredRow[] {
    const rows = this.stmts.byId.all(id) as { account: string; data: string }[];
    return rows.map((r) => ({ account: r.account, obj: JSON.parse(r.data) as Obj }));
  }

  /**
   * Writes the object; returns its insertion sequence (kept by an update). `bookkeeping`, when
   * given, replaces what the emulator notes beside the object; an update without it keeps it.
   * `json`, when given, is the object already rendered (`JSON.stringify(obj, null, 2)`, as it is
   * sent): stored as it is rather than rendered again.
   */
  put(account: string, obj: Obj, cols: IndexColumns, bookkeeping?: Bookkeeping, json?: string): number {
    const id = obj["id"];
    const created = obj["created"];
    if (typeof id !== "string") throw new Error("store.put: object without id");
    if (cols.type === "webhook_endpoint") this.endpointsVersion++;
    const existing = this.keys.get(account)?.get(id);
    const data = json ?? JSON.stringify(obj);
    const internal = bookkeeping === undefined ? undefined : bookkeepingJson(bookkeeping);
    if (existing !== undefined) {
      const row = { seq: existing, customer: cols.customer ?? null, k1: cols.k1 ?? null, data };
      if (internal === undefined) this.stmts.update.run(row);
      else this.stmts.updateWithBookkeeping.run({ ...row, internal });
      return existing;
    }
    const seq = ++this.seq;
    const createdAt = typeof created === "number" ? created : Math.floor(Date.now() / 1000);
    const customer = cols.customer ?? null;
    const k1 = cols.k1 ?? null;
    if (this.deferring) {
      // Inserted with the request's other new rows, one statement for them all (see `stmts`).
      this.rows.push(seq, account, id, cols.type, createdAt, customer, k1, data, internal ?? null);
      if (this.rows.length >= ROW_VALUES * MAX_DEFERRED_ROWS) this.writeRows();
    } else {
      this.st.insert.run(seq, account, id, cols.type, createdAt, customer, k1, data, internal ?? null);
    }
    this.setKey(account, id, seq);
    return seq;
  }

  /** What the emulator noted beside a stored object (empty when nothing, or no such object). */
  bookkeeping(account: string, id: string): Bookkeeping {
    const seq = this.keys.get(account)?.get(id);
    if (seq === undefined) return {};
    const raw = this.stmts.getBookkeeping.get(seq) as string | null | undefined;
    return raw ? (JSON.parse(raw) as Bookkeeping) : {};
  }

  /** Merges notes into a stored object's bookkeeping; a field given as `undefined` is removed. */
  noteBookkeeping(account: string, id: string, changes: Bookkeeping): void {
    const seq = this.keys.get(account)?.get(id);
    if (seq === undefined) throw new Error(`store.noteBookkeeping: no object ${id} in ${account}`);
    const next: Bookkeeping = { ...this.bookkeeping(account, id), ...changes };
    this.stmts.setBookkeeping.run(bookkeepingJson(next), seq);
  }

  delete(account: string, id: string): void {
    if (id.startsWith("we_")) this.endpointsVersion++;
    const seq = this.keys.get(account)?.get(id);
    if (seq === undefined) return;
    this.stmts.del.run(seq);
    this.setKey(account, id, undefined);
  }

  /** Newest first, cursor pagination by the insertion sequence (index range scans only). */
  list(filter: ListFilter, page: Page): { rows: StoredRow[]; hasMore: boolean } {
    const where: string[] = [];
    const args: unknown[] = [];
    where.push(`account IN (${filter.accounts.map(() => "?").join(",")})`);
    args.push(...filter.accounts);
    where.push("type = ?");
    args.push(filter.type);
    if (filter.customer !== undefined) {
      where.push("customer IS NOT NULL AND customer = ?");
      args.push(filter.customer);
    }
    if (filter.k1 !== undefined) {
      where.push("k1 IS NOT NULL AND k1 = ?");
      args.push(filter.k1);
    }
    if (filter.k1Prefix !== undefined) {
      where.push("k1 IS NOT NULL AND k1 >= ? AND k1 < ?");
      args.push(filter.k1Prefix, filter.k1Prefix + "\uffff");
    }
    if (filter.k1In !== undefined) {
      where.push(`k1 IS NOT NULL AND k1 IN (${filter.k1In.map(() => "?").join(",")})`);
      args.push(...filter.k1In);
    }
    const c = filter.created;
    if (c?.gt !== undefined) {
      where.push("created > ?");
      args.push(c.gt);
    }
    if (c?.gte !== undefined) {
      where.push("created >= ?");
      args.push(c.gte);
    }
    if (c?.lt !== undefined) {
      where.push("created < ?");
      args.push(c.lt);
    }
    if (c?.lte !== undefined) {
      where.push("created <= ?");
      args.push(c.lte);
    }
    let ascending = false;
    if (page.startingAfter !== undefined) {
      where.push("seq < ?");
      args.push(this.cursorSeq(filter.accounts, page.startingAfter));
    } else if (page.endingBefore !== undefined) {
      where.push("seq > ?");
      args.push(this.cursorSeq(filter.accounts, page.endingBefore));
      ascending = true;
    }
    const sql = `SELECT account, data FROM objects WHERE ${where.join(" AND ")} ORDER BY seq ${ascending ? "ASC" : "DESC"} LIMIT ?`;
    args.push(page.limit + 1);
    const rows = this.prepared(sql).all(...args) as { account: string; data: string }[];
    const hasMore = rows.length > page.limit;
    const kept = rows.slice(0, page.limit);
    if (ascending) kept.reverse();
    return { rows: kept.map((r) => ({ account: r.account, obj: JSON.parse(r.data) as Obj })), hasMore };
  }

  private readonly statementCache = new Map<string, Database.Statement>();

  private prepared(sql: string): Database.Statement {
    if (this.rows.length > 0) this.writeRows();
    let st = this.statementCache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statementCache.set(sql, st);
    }
    return st;
  }

  /** Full scan of one type in some accounts; only for /search, which Stripe also documents as eventually consistent. */
  scan(accounts: readonly string[], type: string): StoredRow[] {
    const sql = `SELECT account, data FROM objects WHERE account IN (${accounts.map(() => "?").join(",")}) AND type = ? ORDER BY seq DESC`;
    const rows = this.prepared(sql).all(...accounts, type) as { account: string; data: string }[];
    return rows.map((r) => ({ account: r.account, obj: JSON.parse(r.data) as Obj }));
  }

  private cursorSeq(accounts: readonly string[], id: string): number {
    for (const a of accounts) {
      const s = this.keys.get(a)?.get(id);
      if (s !== undefined) return s;
    }
    return -1;
  }

  hasCursor(accounts: readonly string[], id: string): boolean {
    return this.cursorSeq(accounts, id) !== -1;
  }

  idempotencyGet(account: string, key: string): IdempotencyRecord | undefined {
    const row = this.stmts.idemGet.get(account, key) as
      (IdempotencyRecord & { created_ms: number }) | undefined;
    if (!row || row.created_ms < Date.now() - IDEMPOTENCY_TTL_MS) return undefined;
    return row;
  }

  idempotencyPut(account: string, key: string, rec: IdempotencyRecord): void {
    this.stmts.idemPut.run(
      account,
      key,
      rec.method,
      rec.path,
      rec.paramsHash,
      rec.status,
      rec.body,
      rec.requestId,
      Date.now(),
    );
  }

  pruneIdempotency(): number {
    return this.stmts.idemPrune.run(Date.now() - IDEMPOTENCY_TTL_MS).changes;
  }

  /** Succeeded deliveries older than an hour are only history; failed and pending ones stay. */
  pruneDeliveries(): number {
    return this.prepared("DELETE FROM deliveries WHERE status = 'succeeded' AND next_attempt_at < ?").run(
      Date.now() - 60 * 60 * 1000,
    ).changes;
  }

  dueDeliveries(nowMs: number, limit: number): DeliveryRow[] {
    return this.stmts.deliveriesDue.all(nowMs, limit) as DeliveryRow[];
  }

  pendingDeliveries(limit: number): DeliveryRow[] {
    return this.stmts.deliveriesPending.all(limit) as DeliveryRow[];
  }

  nextDeliveryDue(): number | null {
    return (this.stmts.nextDue.get() as number | null) ?? null;
  }

  /** Destinations not (yet) successfully delivered, per event: `pending_webhooks` is computed on read, not rewritten per delivery. */
  pendingCounts(eventIds: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    if (eventIds.length === 0) return out;
    const sql = `SELECT event_id AS id, COUNT(*) AS n FROM deliveries WHERE event_id IN (${eventIds.map(() => "?").join(",")}) AND status != 'succeeded' GROUP BY event_id`;
    for (const r of this.prepared(sql).all(...eventIds) as { id: string; n: number }[]) out.set(r.id, r.n);
    for (const id of eventIds) {
      const inMemory = this.unsettled.get(id);
      if (inMemory) out.set(id, (out.get(id) ?? 0) + inMemory);
    }
    return out;
  }

  /** Stores a delivery that needs another attempt (or gave up), with the id the sender gave it. */
  insertDelivery(d: DeliveryRow): void {
    this.stmts.deliveryInsert.run(d);
  }

  maxDeliveryId(): number {
    return (this.stmts.maxDeliveryId.get() as number | null) ?? 0;
  }

  updateDelivery(d: DeliveryRow): void {
    this.stmts.deliveryUpdate.run(d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.id);
  }

  /** Folds the WAL back into the database file; cheap when there is little to fold. */
  checkpoint(): void {
    if (this.groupOpen) return;
    this.db.pragma("wal_checkpoint(PASSIVE)");
  }

  reset(): void {
    if (this.rows.length > 0) this.writeRows();
    this.db.exec(
      "DELETE FROM objects; DELETE FROM idempotency; DELETE FROM deliveries; UPDATE webhook_cursor SET seq = 0;",
    );
    this.seq = 0;
    this.keys.clear();
    this.undo = [];
    this.staged = [];
    this.outbox = [];
    this.unsettled.clear();
    this.endpointsVersion++;
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}

/**
 * Stores written before objects were keyed by their sequence had `PRIMARY KEY (account, id)`:
 * copied once into the current layout, in insertion order (sequences are unique there too).
 */
function migrateObjectsTable(db: Database.Database): void {
  const cols = db.prepare("PRAGMA table_info(objects)").all() as Array<{ name: string; pk: number }>;
  if (cols.length === 0 || cols.some((c) => c.name === "seq" && c.pk === 1)) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE objects_by_seq (
      seq INTEGER PRIMARY KEY, account TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
      created INTEGER NOT NULL, customer TEXT, k1 TEXT, data TEXT NOT NULL)`);
    db.exec(`INSERT INTO objects_by_seq (seq, account, id, type, created, customer, k1, data)
      SELECT seq, account, id, type, created, customer, k1, data FROM objects ORDER BY seq`);
    db.exec("DROP TABLE objects");
    db.exec("ALTER TABLE objects_by_seq RENAME TO objects");
  })();
}

/** Bookkeeping as stored: undefined fields dropped, NULL when nothing is left. */
function bookkeepingJson(b: Bookkeeping): string | null {
  const kept = Object.entries(b).filter(([, v]) => v !== undefined);
  return kept.length === 0 ? null : JSON.stringify(Object.fromEntries(kept));
}

/**
 * Earlier stores kept bookkeeping inside each object under `__` keys: moved once into the
 * `internal` column, so what is rendered is exactly what is stored in `data`.
 */
function moveBookkeepingOutOfObjects(db: Database.Database): void {
  const cols = db.prepare("PRAGMA table_info(objects)").all() as Array<{ name: string }>;
  if (cols.some((c) => c.name === "internal")) return;
  db.transaction(() => {
    db.exec("ALTER TABLE objects ADD COLUMN internal TEXT");
    const rows = db
      .prepare(`SELECT seq, data FROM objects WHERE data LIKE '%"\\_\\_%' ESCAPE '\\'`)
      .all() as Array<{
      seq: number;
      data: string;
    }>;
    const write = db.prepare("UPDATE objects SET data = ?, internal = ? WHERE seq = ?");
    for (const r of rows) {
      const obj = JSON.parse(r.data) as Obj;
      const notes: Record<string, unknown> = {};
      for (const k of Object.keys(obj)) {
        if (!k.startsWith("__")) continue;
        const name = bookkeepingKey(k);
        if (name) notes[name] = obj[k];
        delete obj[k];
      }
      write.run(JSON.stringify(obj), bookkeepingJson(notes as Bookkeeping), r.seq);
    }
  })();
}
