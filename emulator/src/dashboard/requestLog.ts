import { appendFile, rename, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import type { World } from "../config/world.js";

/**
 * The API's request log: the last `capacity` requests to `/v1` in memory (a ring), and a
 * size-capped JSON Lines file beside the emulator's data, so the log outlives a restart.
 *
 * Recording sits on every request, so it keeps what the request already has (the raw body
 * string, the response string) and does no parsing or serialising there: bodies longer than
 * the cap are cut, and the file is written in batches off the request path. The
 * `Authorization` header is never kept — only which account or organization its key belongs to,
 * and its kind, which tells a server's calls (secret or organization key) from a browser's
 * (Stripe.js, publishable key).
 */

/** The kind of key a request authenticated with; never the key itself. */
export type KeyKind = "secret" | "publishable" | "organization";

function isKeyKind(value: unknown): value is KeyKind {
  return value === "secret" || value === "publishable" || value === "organization";
}

export interface RequestLogEntry {
  /** Position in the log since the emulator started (the dashboard's link to the entry). */
  n: number;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  method: string;
  /** Path and query string. */
  url: string;
  /** `Stripe-Account` or `Stripe-Context` as sent, else the account (or organization) of the key. */
  account: string | null;
  /** Which header named the account: "stripe-account", "stripe-context" or "key". */
  accountFrom: "stripe-account" | "stripe-context" | "key" | null;
  /** The kind of key sent, null when no key of this world was. */
  keyKind: KeyKind | null;
  idempotencyKey: string | null;
  replayed: boolean;
  status: number;
  durationMs: number;
  requestId: string | null;
  requestBody: string;
  responseBody: string;
  /** Whether a body was cut to the cap. */
  truncated: boolean;
}

export interface RequestLogOptions {
  /** Requests kept in memory. Default 1000. */
  capacity?: number;
  /** Characters kept of each body. Default 8192. */
  bodyCap?: number;
  /** The JSON Lines file; null keeps the log in memory only. */
  file?: string | null;
  /** Bytes the file may grow to before it is rotated to `<file>.1`. Default 5 MB. */
  fileCap?: number;
}

/** What the server hands over per request: only values it already holds. */
export interface RequestFacts {
  at: number;
  method: string;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  requestBody: unknown;
  status: number;
  durationMs: number;
  requestId: unknown;
  replayed: unknown;
  responseBody: unknown;
}

const FLUSH_MS = 1000;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A prefix of a long string as a string of its own: a plain slice would keep the whole
 * body alive in memory for as long as the entry lives.
 */
function capped(value: string, cap: number): { text: string; cut: boolean } {
  if (value.length <= cap) return { text: value, cut: false };
  return { text: Buffer.from(value.slice(0, cap), "utf8").toString("utf8"), cut: true };
}

/**
 * The key a request authenticated with: the `Authorization` header (server SDKs), else the `key`
 * parameter Stripe.js sends in the form body or, for a GET, the query string. Only a request
 * without the header (a browser's) pays for reading its parameters.
 */
function sentKey(authorization: string | undefined, url: string, body: string): string | undefined {
  if (authorization) {
    if (authorization.startsWith("Bearer ")) return authorization.slice(7).trim();
    if (authorization.startsWith("Basic ")) {
      return Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8").split(":")[0];
    }
    return undefined;
  }
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  return new URLSearchParams(body).get("key") ?? new URLSearchParams(query).get("key") ?? undefined;
}

/** The key's owner and kind, without keeping the key. */
function keyOwner(world: World, key: string | undefined): { owner: string; kind: KeyKind } | null {
  if (!key) return null;
  const owner = world.keys.get(key);
  if (!owner) return null;
  if (owner.kind === "organization") return { owner: owner.organization.id, kind: "organization" };
  return { owner: owner.account.id, kind: owner.publishable ? "publishable" : "secret" };
}

export class RequestLog {
  readonly capacity: number;
  private readonly bodyCap: number;
  private readonly fileCap: number;
  private readonly file: string | null;
  private ring: RequestLogEntry[] = [];
  /** Where the next entry goes in `ring` once it is full. */
  private head = 0;
  private count = 0;
  private pending: RequestLogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private fileBytes = 0;

  constructor(
    private readonly world: World,
    opts: RequestLogOptions = {},
  ) {
    this.capacity = Math.max(1, opts.capacity ?? 1000);
    this.bodyCap = Math.max(0, opts.bodyCap ?? 8192);
    this.fileCap = Math.max(1024, opts.fileCap ?? 5 * 1024 * 1024);
    this.file = opts.file ?? null;
    this.load();
  }

  /** Every request seen since the emulator started (entries beyond the capacity are gone). */
  get total(): number {
    return this.count;
  }

  record(facts: RequestFacts): void {
    const h = facts.headers;
    const stripeAccount = first(h["stripe-account"]);
    const stripeContext = first(h["stripe-context"]);
    let account: string | null = null;
    let accountFrom: RequestLogEntry["accountFrom"] = null;
    const requestBody = typeof facts.requestBody === "string" ? facts.requestBody : "";
    const key = keyOwner(this.world, sentKey(first(h["authorization"]), facts.url, requestBody));
    if (stripeAccount) [account, accountFrom] = [stripeAccount, "stripe-account"];
    else if (stripeContext) [account, accountFrom] = [stripeContext, "stripe-context"];
    else if (key) [account, accountFrom] = [key.owner, "key"];
    const req = capped(requestBody, this.bodyCap);
    const res = capped(typeof facts.responseBody === "string" ? facts.responseBody : "", this.bodyCap);
    const idempotencyKey = first(h["idempotency-key"]);
    const entry: RequestLogEntry = {
      n: ++this.count,
      at: facts.at,
      method: facts.method,
      url: capped(facts.url, 2048).text,
      account: account === null ? null : capped(account, 255).text,
      accountFrom,
      keyKind: key?.kind ?? null,
      idempotencyKey: idempotencyKey === undefined ? null : capped(idempotencyKey, 255).text,
      replayed: facts.replayed === "true",
      status: facts.status,
      durationMs: Math.round(facts.durationMs * 10) / 10,
      requestId: typeof facts.requestId === "string" ? facts.requestId : null,
      requestBody: req.text,
      responseBody: res.text,
      truncated: req.cut || res.cut,
    };
    this.push(entry);
    if (this.file) {
      this.pending.push(entry);
      // Under load the file keeps the newest entries; the ring already has them all.
      if (this.pending.length > this.capacity) this.pending.splice(0, this.pending.length - this.capacity);
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.writing = this.writing.then(() => this.flush());
        }, FLUSH_MS);
        this.timer.unref();
      }
    }
  }

  private push(entry: RequestLogEntry): void {
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Newest first. */
  entries(limit = this.capacity): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const size = this.ring.length;
    for (let i = 0; i < size && out.length < limit; i++) {
      const index = (this.head - 1 - i + size * 2) % size;
      const entry = this.ring[index];
      if (entry) out.push(entry);
    }
    return out;
  }

  get(n: number): RequestLogEntry | undefined {
    return this.ring.find((e) => e.n === n);
  }

  /** Empties the log, in memory and on disk (the emulator's reset). */
  async clear(): Promise<void> {
    this.ring = [];
    this.head = 0;
    this.pending = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const file = this.file;
    if (file) {
      this.writing = this.writing.then(async () => {
        await writeFile(file, "").catch(() => undefined);
        this.fileBytes = 0;
      });
      await this.writing;
    }
  }

  /** Writes what is pending now (close, tests). */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.writing = this.writing.then(() => this.flush());
    }
    await this.writing;
  }

  private async flush(): Promise<void> {
    const file = this.file;
    if (!file || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Serialised here, in batches, not while the request is answered. The file is rotated
    // before a line would take it past its cap, so it never holds more than the cap (plus one line).
    try {
      let chunk = "";
      for (const entry of batch) {
        const line = `${JSON.stringify(entry)}\n`;
        const bytes = Buffer.byteLength(line);
        if (this.fileBytes > 0 && this.fileBytes + bytes > this.fileCap) {
          if (chunk !== "") await appendFile(file, chunk, "utf8");
          chunk = "";
          await rename(file, `${file}.1`).catch(() => undefined);
          this.fileBytes = 0;
        }
        chunk += line;
        this.fileBytes += bytes;
      }
      if (chunk !== "") await appendFile(file, chunk, "utf8");
    } catch (error) {
      // The log is a debugging aid: a full disk must not take the emulator down.
      process.emitWarning(`request log: could not write ${file}: ${(error as Error).message}`);
    }
  }

  /** The newest entries of the file written before a restart; a damaged line is skipped. */
  private load(): void {
    if (!this.file) return;
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return;
    }
    this.fileBytes = Buffer.byteLength(text);
    const lines = text.split("\n").filter((l) => l !== "");
    for (const line of lines.slice(-this.capacity)) {
      try {
        const e = JSON.parse(line) as Partial<RequestLogEntry>;
        if (typeof e.method !== "string" || typeof e.url !== "string" || typeof e.status !== "number")
          continue;
        this.push({
          n: ++this.count,
          at: typeof e.at === "number" ? e.at : 0,
          method: e.method,
          url: e.url,
          account: typeof e.account === "string" ? e.account : null,
          accountFrom:
            e.accountFrom === "stripe-account" ||
            e.accountFrom === "stripe-context" ||
            e.accountFrom === "key"
              ? e.accountFrom
              : null,
          keyKind: isKeyKind(e.keyKind) ? e.keyKind : null,
          idempotencyKey: typeof e.idempotencyKey === "string" ? e.idempotencyKey : null,
          replayed: e.replayed === true,
          status: e.status,
          durationMs: typeof e.durationMs === "number" ? e.durationMs : 0,
          requestId: typeof e.requestId === "string" ? e.requestId : null,
          requestBody: typeof e.requestBody === "string" ? e.requestBody : "",
          responseBody: typeof e.responseBody === "string" ? e.responseBody : "",
          truncated: e.truncated === true,
        });
      } catch {
        continue;
      }
    }
  }
}
