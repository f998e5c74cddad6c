import https from "node:https";
import net from "node:net";

/**
 * The webhook sender's HTTP/1.1 client for `http:` endpoints: a few keep-alive connections per
 * endpoint origin, with the requests queued in one event-loop turn pipelined on them and written
 * in a single socket write. On loopback every write is a system call that also runs the receiving
 * side's network stack, and per-delivery writes (node:http, one ClientRequest each) dominated the
 * emulator's profiles with webhooks on. Responses are read in order; only the status matters.
 *
 * An endpoint that answers `Connection: close` (or closes between requests) gets the requests it
 * never answered again on a new connection, without pipelining from then on: a closed connection
 * is not a failed delivery. `https:` endpoints go through node:https with keep-alive.
 */

export interface SendResult {
  status: number;
}

interface Pending {
  head: string;
  body: string;
  /** The send's own callback (closures per request cost a `__name` call each under tsx). */
  done: SendCallback;
}

const MAX_CONNECTIONS = 4;
/** A new connection is opened only when every open one already has this many requests outstanding. */
const BUSY = 8;
const CRLF_CRLF = Buffer.from("\r\n\r\n");

class Connection {
  readonly socket: net.Socket;
  readonly outstanding: Pending[] = [];
  private toWrite: Pending[] = [];
  private writeQueued = false;
  private buf: Buffer = Buffer.alloc(0);
  /** Body bytes still to skip for the response being read; -1 while reading headers. */
  private bodyLeft = -1;
  private chunked = false;
  private status = 0;
  private closeAfter = false;
  private untilClose = false;
  private idleTimeoutSet = false;
  closed = false;

  constructor(
    private readonly origin: Origin,
    host: string,
    port: number,
  ) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.unref();
    this.socket.on("data", (d: Buffer) => this.onData(d));
    this.socket.on("timeout", () =>
      this.socket.destroy(new Error(`timed out after ${this.origin.timeoutMs} ms`)),
    );
    this.socket.on("error", (e) => this.fail(e));
    this.socket.on("close", () => this.fail(new Error("socket hang up")));
  }

  send(p: Pending): void {
    this.outstanding.push(p);
    this.toWrite.push(p);
    if (!this.idleTimeoutSet) {
      this.socket.setTimeout(this.origin.timeoutMs);
      this.idleTimeoutSet = true;
    }
    if (!this.writeQueued) {
      this.writeQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.writeQueued = false;
    if (this.closed || this.toWrite.length === 0) return;
    let out = "";
    for (const p of this.toWrite) out += p.head + p.body;
    this.toWrite = [];
    this.socket.write(out, "utf8");
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    try {
      while (this.parseOne()) {
        /* one response per pass */
      }
    } catch (e) {
      this.socket.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Consumes one response (or part of one) from the buffer; true when another may follow. */
  private parseOne(): boolean {
    if (this.untilClose) {
      this.buf = Buffer.alloc(0);
      return false;
    }
    if (this.bodyLeft === -1) {
      const end = this.buf.indexOf(CRLF_CRLF);
      if (end === -1) {
        if (this.buf.length > 64 * 1024) throw new Error("response headers too large");
        return false;
      }
      // Lower-cased once: names and the values read here are case-insensitive.
      const head = this.buf.toString("latin1", 0, end).toLowerCase();
      this.buf = this.buf.subarray(end + 4);
      const lines = head.split("\r\n");
      const m = /^http\/1\.[01] (\d{3})/.exec(lines[0] ?? "");
      if (!m) throw new Error("malformed response from the endpoint");
      this.status = Number(m[1]);
      let length: number | null = null;
      this.chunked = false;
      this.closeAfter = (lines[0] ?? "").startsWith("http/1.0");
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i] ?? "";
        const colon = line.indexOf(":");
        if (colon === -1) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name === "content-length") length = Number(value);
        else if (name === "transfer-encoding")
          this.chunked = value.split(",").some((v) => v.trim() === "chunked");
        else if (name === "connection") {
          if (value.includes("close")) this.closeAfter = true;
          else if (value.includes("keep-alive")) this.closeAfter = false;
        }
      }
      // 1xx answers are informational: the real response follows.
      if (this.status >= 100 && this.status < 200) return true;
      if (this.status === 204 || this.status === 304) this.bodyLeft = 0;
      else if (this.chunked) this.bodyLeft = 0;
      else if (length !== null && Number.isFinite(length) && length >= 0) this.bodyLeft = length;
      else {
        // No length: the body runs until the endpoint closes the connection.
        this.untilClose = true;
        this.closeAfter = true;
        this.finishResponseOnClose = true;
        this.buf = Buffer.alloc(0);
        return false;
      }
    }
    if (this.chunked) {
      if (!this.skipChunks()) return false;
    } else {
      const take = Math.min(this.bodyLeft, this.buf.length);
      this.buf = this.buf.subarray(take);
      this.bodyLeft -= take;
      if (this.bodyLeft > 0) return false;
    }
    this.bodyLeft = -1;
    this.complete();
    return !this.closed && this.buf.length > 0;
  }

  private chunkLeft = -1;

  /** Skips chunked body bytes; true once the last chunk and its trailers are consumed. */
  private skipChunks(): boolean {
    for (;;) {
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, this.buf.length);
        this.buf = this.buf.subarray(take);
        this.chunkLeft -= take;
        if (this.chunkLeft > 0) return false;
        this.chunkLeft = -2; // the CRLF after the chunk
      }
      if (this.chunkLeft === -2) {
        if (this.buf.length < 2) return false;
        this.buf = this.buf.subarray(2);
        this.chunkLeft = -1;
      }
      if (this.chunkLeft === -3) {
        // Trailers after the last chunk, up to an empty line.
        const end = this.buf.indexOf("\r\n");
        if (end === -1) return false;
        this.buf = this.buf.subarray(end + 2);
        if (end === 0) {
          this.chunkLeft = -1;
          return true;
        }
        continue;
      }
      const eol = this.buf.indexOf("\r\n");
      if (eol === -1) return false;
      const size = parseInt(this.buf.subarray(0, eol).toString("latin1").split(";")[0] ?? "", 16);
      if (!Number.isFinite(size) || size < 0) throw new Error("malformed chunked response from the endpoint");
      this.buf = this.buf.subarray(eol + 2);
      if (size === 0) this.chunkLeft = -3;
      else this.chunkLeft = size;
    }
  }

  private finishResponseOnClose = false;

  private complete(): void {
    const p = this.outstanding.shift();
    p?.done(this.status, null);
    if (this.closeAfter) {
      this.retire(true);
      return;
    }
    if (this.outstanding.length === 0) {
      if (this.idleTimeoutSet) {
        this.socket.setTimeout(0);
        this.idleTimeoutSet = false;
      }
      this.origin.next();
    }
  }

  /** No more requests on this connection; the unanswered ones go to another. */
  private retire(endpointCloses: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.origin.drop(this);
    const unanswered = this.outstanding.splice(0);
    this.toWrite = [];
    if (endpointCloses) this.origin.noPipelining();
    this.socket.destroy();
    for (const p of unanswered) this.origin.enqueue(p);
  }

  private fail(e: Error): void {
    if (this.finishResponseOnClose && !this.closed) {
      // A response without a length ends with the connection.
      this.finishResponseOnClose = false;
      this.untilClose = false;
      this.complete();
      return;
    }
    if (this.closed) return;
    this.closed = true;
    this.origin.drop(this);
    const all = this.outstanding.splice(0);
    this.toWrite = [];
    this.socket.destroy();
    // The first unanswered request may have been processed: it fails (and is retried later). The
    // endpoint cannot have started on the ones behind it when it closed between responses without
    // an error of its own, so they are sent again.
    const [first, ...rest] = all;
    first?.done(null, e);
    if (e.message === "socket hang up") {
      if (rest.length > 0) this.origin.noPipelining();
      for (const p of rest) this.origin.enqueue(p);
    } else for (const p of rest) p.done(null, e);
  }
}

class Origin {
  private readonly connections: Connection[] = [];
  private pipelining = true;

  constructor(
    private readonly host: string,
    private readonly port: number,
    readonly timeoutMs: number,
  ) {}

  enqueue(p: Pending): void {
    let best: Connection | undefined;
    for (const c of this.connections) if (!best || c.outstanding.length < best.outstanding.length) best = c;
    const busy = this.pipelining ? BUSY : 1;
    if (!best || (best.outstanding.length >= busy && this.connections.length < MAX_CONNECTIONS)) {
      best = new Connection(this, this.host, this.port);
      this.connections.push(best);
    } else if (!this.pipelining && best.outstanding.length >= 1) {
      this.waiting.push(p);
      return;
    }
    best.send(p);
  }

  /** Without pipelining, requests beyond the connection limit wait for a free connection. */
  private readonly waiting: Pending[] = [];

  drop(c: Connection): void {
    const i = this.connections.indexOf(c);
    if (i !== -1) this.connections.splice(i, 1);
    this.next();
  }

  noPipelining(): void {
    this.pipelining = false;
  }

  next(): void {
    while (this.waiting.length > 0) {
      const free = this.connections.find((c) => c.outstanding.length === 0);
      if (!free && this.connections.length >= MAX_CONNECTIONS) return;
      const p = this.waiting.shift();
      if (p) this.enqueue(p);
    }
  }

  destroy(): void {
    for (const c of [...this.connections]) c.socket.destroy(new Error("the webhook sender stopped"));
    for (const p of this.waiting.splice(0)) p.done(null, new Error("the webhook sender stopped"));
  }
}

const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });

/** What a URL resolves to, parsed once per endpoint URL. */
interface Target {
  origin?: Origin;
  requestLine: string;
  url: URL;
}

export type SendCallback = (status: number | null, error: Error | null) => void;

export class WebhookClient {
  private readonly origins = new Map<string, Origin>();
  private readonly targets = new Map<string, Target>();

  constructor(private readonly timeoutMs: number) {}

  private target(url: string): Target {
    let t = this.targets.get(url);
    if (!t) {
      const u = new URL(url);
      t = { url: u, requestLine: `POST ${u.pathname}${u.search} HTTP/1.1\r\nhost: ${u.host}\r\n` };
      if (u.protocol !== "https:") {
        let origin = this.origins.get(u.host);
        if (!origin) {
          const host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
          origin = new Origin(host, Number(u.port || 80), this.timeoutMs);
          this.origins.set(u.host, origin);
        }
        t.origin = origin;
      }
      if (this.targets.size > 1000) this.targets.clear();
      this.targets.set(url, t);
    }
    return t;
  }

  /**
   * POSTs `body` to `url` with `headerLines` (`name: value\r\n` each); `done` gets the status
   * code, or the network error or timeout.
   */
  send(url: string, headerLines: string, body: string, done: SendCallback): void {
    const t = this.target(url);
    const bytes = Buffer.byteLength(body, "utf8");
    if (!t.origin) {
      this.postHttps(t.url, headerLines, body, bytes).then(
        (status) => done(status, null),
        (e: unknown) => done(null, e instanceof Error ? e : new Error(String(e))),
      );
      return;
    }
    t.origin.enqueue({
      head: `${t.requestLine}${headerLines}content-length: ${bytes}\r\n\r\n`,
      body,
      done,
    });
  }

  private postHttps(url: URL, headerLines: string, body: string, bytes: number): Promise<number> {
    const headers: Record<string, string | number> = { "content-length": bytes };
    for (const line of headerLines.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        { method: "POST", agent: httpsAgent, headers, timeout: this.timeoutMs },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    for (const o of this.origins.values()) o.destroy();
    this.origins.clear();
    this.targets.clear();
  }
}
