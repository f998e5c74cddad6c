import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadWorld, type World } from "./config/world.js";
import { Faults } from "./control/faults.js";
import { registerControlRoutes } from "./control/routes.js";
import { registerBrowserRoutes } from "./browser/index.js";
import { registerDashboardRoutes } from "./dashboard/index.js";
import { RequestLog, type RequestLogOptions } from "./dashboard/requestLog.js";
import { extractKey } from "./http/auth.js";
import { asStripeError, errorJson, malformedUrl, responseJson, unrecognizedUrl } from "./http/errors.js";
import { apiError, rateLimited, type StripeError } from "./domain/errors.js";
import { execute, pathOf, type Env, type Route } from "./http/pipeline.js";
import { apiRoutes } from "./resources/index.js";
import { newId } from "./ids.js";
import { Store } from "./store/db.js";
import { Deliverer, type DeliveryOptions } from "./webhooks/delivery.js";

declare module "fastify" {
  interface FastifyRequest {
    /** `performance.now()` when the request arrived. */
    arrivedAt: number;
  }
}

export const DEFAULT_WORLD_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../config/default-world.json",
);

/** `/v1/customers/` or `/v1/customers//sources`: an id left empty. */
function hasEmptySegment(path: string): boolean {
  return path.endsWith("/") || path.includes("//");
}

/** A fault rule's failure (its response carries a `Request-Id` as every API answer does). */
function faultError(reply: FastifyReply, status: 500 | 429): StripeError {
  void reply.header("request-id", newId("req", 14));
  return status === 429 ? rateLimited() : apiError("The emulator injected this failure (fault rule).");
}

/** The one place an error becomes a response: Stripe's error body, pretty-printed, with its status. */
function answerError(req: FastifyRequest, reply: FastifyReply, error: unknown): string {
  const stripeError = asStripeError(error, `${req.method} ${req.url}`);
  void reply.code(stripeError.status).header("content-type", "application/json");
  return errorJson(stripeError.body);
}

export interface EmulatorOptions {
  /** World config (JSON). Default: emulator/config/default-world.json. */
  worldFile?: string;
  /** SQLite file; ":memory:" for a throw-away store. Default: ".data/stripe-emulator.sqlite". */
  dataFile?: string;
  /** 0 picks a free port. Default 12111. */
  port?: number;
  host?: string;
  /** Replaces `{APP_URL}` in webhook endpoint urls. Default http://localhost:3000. */
  appUrl?: string;
  /** Fastify/pino request logging. Default off (it costs throughput). */
  logger?: boolean;
  /** Webhook retry tuning (tests shorten the back-off). */
  delivery?: DeliveryOptions;
  /**
   * The dashboard's request log: `capacity` requests in memory (default 1000), bodies cut to
   * `bodyCap` characters (default 8192), and a JSON Lines `file` capped at `fileCap` bytes
   * (default `<dataFile>.requests.jsonl`, 5 MB; null with a `:memory:` store).
   */
  requestLog?: RequestLogOptions;
}

export interface Emulator {
  url: string;
  port: number;
  host: string;
  world: World;
  store: Store;
  faults: Faults;
  deliverer: Deliverer;
  /** The API requests the dashboard shows. */
  requestLog: RequestLog;
  app: FastifyInstance;
  /** Back to the configured world with empty data. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? "127.0.0.1";
  const world = loadWorld(opts.worldFile ?? DEFAULT_WORLD_FILE, opts.appUrl ?? "http://localhost:3000");
  const dataFile = opts.dataFile ?? ".data/stripe-emulator.sqlite";
  const store = new Store(dataFile);
  const requestLog = new RequestLog(world, {
    file: dataFile === ":memory:" ? null : `${dataFile}.requests.jsonl`,
    ...opts.requestLog,
  });
  const faults = new Faults();
  const deliverer = new Deliverer(store, world, opts.delivery);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 4 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // close() must not wait on clients that keep a connection (or an unread response) open.
    forceCloseConnections: true,
    // The router's own refusal (a malformed percent-escape) never reaches setErrorHandler.
    frameworkErrors: (error, req, reply) => {
      const refusal = error.code === "FST_ERR_BAD_URL" ? malformedUrl(req.method, req.url) : error;
      // fastify types this reply for any route; it is an ordinary reply.
      const plain = reply as FastifyReply;
      void plain.send(answerError(req, plain, refusal));
    },
  });

  // Stripe bodies are forms; the pipeline parses them with qs so both bracket styles work.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      const err = new Error("Invalid JSON body") as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  // Control and browser routes answer objects; they are printed like the API's bodies.
  app.setReplySerializer((payload) => responseJson(payload));

  const env: Env = { store, world, baseUrl: "" };

  /** Runs an API request and answers it once its writes are committed. */
  const answer = (route: Route, req: FastifyRequest, reply: FastifyReply): void => {
    const res = execute(env, route, {
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: typeof req.body === "string" ? req.body : "",
      pathParams: req.params as Record<string, string>,
    });
    // Callbacks, not an async handler: two promises per request were measurable on creates.
    store.afterCommit((error) => {
      if (error !== null) {
        void reply.send(apiError("The emulator could not persist this request."));
        return;
      }
      if (res.emitted > 0) deliverer.kick();
      void reply.code(res.status).headers(res.headers).send(res.body);
    });
  };

  for (const route of apiRoutes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: (req, reply) => {
        const requestPath = pathOf(req.url);
        // The router forgives a trailing slash; Stripe does not ("GET /v1/customers/" is the SDK's
        // retrieve(''), not a list).
        if (hasEmptySegment(requestPath)) throw unrecognizedUrl(req.method, requestPath);
        const fault = faults.active
          ? faults.decide(req.method, requestPath, Math.random, actingAccount(world, req.headers))
          : undefined;
        if (fault?.status && !fault.delayMs) throw faultError(reply, fault.status);
        if (fault?.delayMs) {
          setTimeout(() => {
            if (fault.status) void reply.send(faultError(reply, fault.status));
            else answer(route, req, reply);
          }, fault.delayMs);
        } else answer(route, req, reply);
      },
    });
  }

  // When each request arrived, for the request log (fastify only times replies with a logger or
  // an onResponse hook, both dearer than this).
  app.decorateRequest("arrivedAt", 0);
  app.addHook("onRequest", (req, _reply, done) => {
    req.arrivedAt = performance.now();
    done();
  });
  // Control and browser routes write through the same group commit: never answer before it lands.
  // API requests are logged here, with what the reply already holds (strings, not objects).
  const logRequest = (req: FastifyRequest, reply: FastifyReply, payload: unknown): void => {
    if (req.url.startsWith("/v1")) {
      const elapsed = performance.now() - req.arrivedAt;
      requestLog.record({
        at: Date.now() - elapsed,
        method: req.method,
        url: req.url,
        headers: req.headers,
        requestBody: req.body,
        status: reply.statusCode,
        durationMs: elapsed,
        requestId: reply.getHeader("request-id"),
        replayed: reply.getHeader("idempotent-replayed"),
        responseBody: payload,
      });
    }
  };
  // A callback hook: an API reply has already waited for its commit, and an async hook cost a
  // promise and a microtask turn per request.
  app.addHook("onSend", (req, reply, payload, done) => {
    if (!store.pendingCommit) {
      logRequest(req, reply, payload);
      done(null, payload);
      return;
    }
    store.committed().then(
      () => {
        logRequest(req, reply, payload);
        done(null, payload);
      },
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  });

  // Every error of every route (API, control, browser), fastify's own refusals (an unreadable JSON
  // body, a body over the limit) and unknown URLs are answered here, in Stripe's error shape.
  app.setErrorHandler((error, req, reply) => answerError(req, reply, error));
  app.setNotFoundHandler((req, reply) =>
    answerError(req, reply, unrecognizedUrl(req.method, req.url.split("?")[0] ?? "")),
  );

  const emulator: Emulator = {
    url: "",
    port: 0,
    host,
    world,
    store,
    faults,
    deliverer,
    requestLog,
    app,
    async reset() {
      await deliverer.stop();
      store.reset();
      faults.clear();
      deliverer.clearHistory();
      dashboard.clear();
      await requestLog.clear();
      deliverer.start();
    },
    async close() {
      await deliverer.stop();
      await app.close();
      await requestLog.drain();
      store.close();
    },
  };
  registerControlRoutes(app, emulator);
  registerBrowserRoutes(app, env, faults);
  const dashboard = registerDashboardRoutes(app, emulator);

  const pruner = setInterval(
    () => {
      store.pruneIdempotency();
      store.pruneDeliveries();
    },
    60 * 60 * 1000,
  );
  pruner.unref();
  const checkpointer = setInterval(() => store.checkpoint(), 2000);
  checkpointer.unref();
  app.addHook("onClose", async () => {
    clearInterval(pruner);
    clearInterval(checkpointer);
  });

  await app.listen({ port: opts.port ?? 12111, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? 12111);
  emulator.port = port;
  emulator.url = `http://${host}:${port}`;
  env.baseUrl = emulator.url;
  deliverer.start();
  return emulator;
}

/**
 * The account a request acts in, as its headers name it before it runs (for fault rules that
 * name one): the last account of `Stripe-Context`, else `Stripe-Account`, else the key's own.
 */
function actingAccount(world: World, headers: FastifyRequest["headers"]): string | null {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const context = first(headers["stripe-context"]);
  if (context) return context.split("/").pop() || null;
  const account = first(headers["stripe-account"]);
  if (account) return account;
  const key = extractKey(first(headers.authorization));
  const owner = key ? world.keys.get(key) : undefined;
  return owner?.kind === "account" ? owner.account.id : null;
}
