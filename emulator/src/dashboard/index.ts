import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { invalid } from "../domain/errors.js";
import { answerAsset, AssetSet } from "../http/assets.js";
import type { DashboardEnv } from "./env.js";
import type { Html } from "./html.js";
import {
  acrossPage,
  accountPage,
  BASE,
  customersPage,
  deliveryPage,
  faultsPage,
  notFoundPage,
  page,
  requestPage,
  requestsPage,
  webhooksPage,
  worldPage,
} from "./pages.js";
import {
  customerAcross,
  deliveries,
  endpoints,
  findCustomers,
  isObjectType,
  latestEventId,
  objects,
  OBJECT_TYPES,
  type DeliveryView,
} from "./queries.js";
import type { RequestLogEntry } from "./requestLog.js";
import { Resender, signedRequest } from "./resend.js";

/**
 * The emulator's dashboard, under `/_emulator/dashboard` (pages) and read-only JSON control
 * routes under `/_emulator/…` (the data the pages show). Everything here is behind the control
 * API's guard (control/guard.ts): a request with a foreign `Origin` is refused, and a POST must
 * be JSON. The pages' actions call the control API from the dashboard's own origin.
 */

const ASSET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Keys are shown to what `GET /_emulator/world` answers (the emulator's own pages, tools without
 * `Sec-Fetch-Site`) and to a top-level navigation, whose page no other origin can read.
 */
function mayShowKeys(req: FastifyRequest): boolean {
  const site = header(req, "sec-fetch-site");
  if (site === undefined || site === "same-origin" || site === "none") return true;
  return header(req, "sec-fetch-mode") === "navigate" && header(req, "sec-fetch-dest") === "document";
}

const objectsQuerySchema = z.object({
  account: z.string().max(255),
  type: z.string().refine(isObjectType, {
    message: `one of ${Object.keys(OBJECT_TYPES).join(", ")}`,
  }),
  q: z.string().max(200).optional(),
  before: z.string().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const searchSchema = z.object({ q: z.string().max(200).optional() });

const requestsQuerySchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`Invalid ${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`, {
      param: issue?.path.join("."),
    });
  }
  return parsed.data;
}

// Bodies too, so an object's id finds the request that created it (its id is only in the response).
function matches(e: RequestLogEntry, q: string): boolean {
  const needle = q.toLowerCase();
  return [
    e.url,
    e.account ?? "",
    e.requestId ?? "",
    e.idempotencyKey ?? "",
    String(e.status),
    e.method,
    e.requestBody,
    e.responseBody,
  ].some((v) => v.toLowerCase().includes(needle));
}

function requestSummary(e: RequestLogEntry): Record<string, unknown> {
  return {
    n: e.n,
    at: e.at,
    method: e.method,
    url: e.url,
    account: e.account,
    account_from: e.accountFrom,
    key_kind: e.keyKind,
    idempotency_key: e.idempotencyKey,
    replayed: e.replayed,
    status: e.status,
    duration_ms: e.durationMs,
    request_id: e.requestId,
  };
}

export interface Dashboard {
  /** Forgets what the dashboard keeps itself (resends): the emulator's reset. */
  clear(): void;
}

export function registerDashboardRoutes(app: FastifyInstance, env: DashboardEnv): Dashboard {
  const assets = new AssetSet(ASSET_DIR, ["dashboard.js", "dashboard.css"]);
  const resender = new Resender();

  const version = (): string =>
    [
      latestEventId(env) ?? "",
      env.requestLog.total,
      env.deliverer.attempts(1)[0]?.at ?? 0,
      env.deliverer.attempts(2000).length,
      resender.list().length,
      JSON.stringify(env.faults.list()),
    ].join("|");

  const send = (
    reply: FastifyReply,
    section: Parameters<typeof page>[0]["section"],
    title: string,
    body: Html,
    status = 200,
  ): string => {
    void reply
      .code(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "same-origin")
      .header("x-frame-options", "DENY")
      .header("content-security-policy", CSP);
    return page({ title, section, assetVersion: assets.version, version: version() }, body);
  };

  const findDelivery = (id: number): DeliveryView | undefined =>
    deliveries(env, resender.list()).find((d) => d.id === id);

  const deliveryId = (raw: string): number => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id < 1) throw invalid(`No such delivery: '${raw}'`, { status: 404 });
    return id;
  };

  // ------------------------------------------------------------ assets

  app.get(`${BASE}/assets/:file`, async (req, reply) => {
    const { file } = req.params as { file: string };
    const answer = answerAsset(assets.get(file), req);
    void reply.code(answer.status).headers(answer.headers);
    return answer.body;
  });

  // ------------------------------------------------------------ JSON (read-only, but resend)

  app.get(`${BASE}/version`, async (_req, reply) => {
    void reply.header("cache-control", "no-store");
    return { version: version() };
  });

  app.get("/_emulator/objects", async (req) => {
    const q = parse(objectsQuerySchema, req.query);
    if (!env.world.accounts.has(q.account))
      throw invalid(`No such account: '${q.account}'`, { status: 404, param: "account" });
    if (!isObjectType(q.type)) throw invalid("Invalid type", { param: "type" });
    const result = objects(env.store, {
      account: q.account,
      type: q.type,
      q: q.q,
      before: q.before,
      limit: q.limit ?? 50,
    });
    return { object: "list", ...result };
  });

  app.get("/_emulator/customers", async (req) => {
    const { q } = parse(searchSchema, req.query);
    return { object: "list", data: findCustomers(env, q ?? "") };
  });

  app.get("/_emulator/customers/:id/across", async (req) => {
    const { id } = req.params as { id: string };
    const across = customerAcross(env, id);
    if (across.instances.length === 0)
      throw invalid(`No such customer: '${id}'`, { status: 404, param: "id" });
    return across;
  });

  app.get("/_emulator/requests", async (req) => {
    const { q, limit } = parse(requestsQuerySchema, req.query);
    const all = env.requestLog.entries();
    const kept = q ? all.filter((e) => matches(e, q)) : all;
    return {
      object: "list",
      capacity: env.requestLog.capacity,
      data: kept.slice(0, limit ?? 100).map(requestSummary),
    };
  });

  app.get("/_emulator/requests/:n", async (req) => {
    const { n } = req.params as { n: string };
    const entry = env.requestLog.get(Number(n));
    if (!entry) throw invalid(`No such request in the log: '${n}'`, { status: 404 });
    return {
      ...requestSummary(entry),
      request_body: entry.requestBody,
      response_body: entry.responseBody,
      truncated: entry.truncated,
    };
  });

  app.get("/_emulator/webhooks/deliveries/:id", async (req) => {
    const { id } = req.params as { id: string };
    const d = findDelivery(deliveryId(id));
    if (!d) throw invalid(`No such delivery: '${id}'`, { status: 404 });
    const latest = d.attempts.at(-1);
    return { ...d, signed_request: signedRequest(env, d, latest?.at ?? Date.now()) };
  });

  app.post("/_emulator/webhooks/deliveries/:id/resend", async (req) => {
    const { id } = req.params as { id: string };
    const d = findDelivery(deliveryId(id));
    if (!d) throw invalid(`No such delivery: '${id}'`, { status: 404 });
    return resender.resend(env, d);
  });

  // ------------------------------------------------------------ pages

  app.get(BASE, async (req, reply) =>
    send(reply, "world", "World", worldPage(env.world, endpoints(env), mayShowKeys(req))),
  );

  app.get(`${BASE}/accounts/:account`, async (req, reply) => {
    const { account } = req.params as { account: string };
    const acct = env.world.accounts.get(account);
    if (!acct)
      return send(
        reply,
        "world",
        "No such account",
        notFoundPage(`No account ${account} in this world.`),
        404,
      );
    const raw = req.query as Record<string, unknown>;
    const type = isObjectType(raw["type"]) ? raw["type"] : "customers";
    const q = typeof raw["q"] === "string" ? raw["q"] : undefined;
    const before = typeof raw["before"] === "string" ? raw["before"] : undefined;
    const result = objects(env.store, { account, type, q, before, limit: 50 });
    return send(
      reply,
      "world",
      `${acct.name}: ${OBJECT_TYPES[type].label}`,
      accountPage(env.world, acct, result),
    );
  });

  app.get(`${BASE}/customers`, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = typeof raw["q"] === "string" ? raw["q"].slice(0, 200) : "";
    return send(reply, "customers", "Customers", customersPage(env.world, q, findCustomers(env, q)));
  });

  app.get(`${BASE}/customers/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const across = customerAcross(env, id);
    return send(
      reply,
      "customers",
      `Customer ${id}`,
      acrossPage(env.world, across),
      across.instances.length === 0 ? 404 : 200,
    );
  });

  app.get(`${BASE}/webhooks`, async (_req, reply) =>
    send(reply, "webhooks", "Webhook deliveries", webhooksPage(env.world, deliveries(env, resender.list()))),
  );

  app.get(`${BASE}/webhooks/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const n = Number(id);
    const d = Number.isSafeInteger(n) ? findDelivery(n) : undefined;
    if (!d)
      return send(reply, "webhooks", "No such delivery", notFoundPage(`No delivery ${id} is known.`), 404);
    const signed = signedRequest(env, d, d.attempts.at(-1)?.at ?? Date.now());
    return send(reply, "webhooks", `Delivery ${d.id}: ${d.event_type}`, deliveryPage(env.world, d, signed));
  });

  app.get(`${BASE}/requests`, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = typeof raw["q"] === "string" ? raw["q"].slice(0, 200) : "";
    const all = env.requestLog.entries();
    const kept = (q ? all.filter((e) => matches(e, q)) : all).slice(0, 200);
    return send(reply, "requests", "Request log", requestsPage(env.world, kept, q, env.requestLog.capacity));
  });

  app.get(`${BASE}/requests/:n`, async (req, reply) => {
    const { n } = req.params as { n: string };
    const entry = env.requestLog.get(Number(n));
    if (!entry)
      return send(reply, "requests", "No such request", notFoundPage(`Request ${n} is not in the log.`), 404);
    return send(reply, "requests", `${entry.method} ${entry.url}`, requestPage(env.world, entry));
  });

  app.get(`${BASE}/faults`, async (_req, reply) =>
    send(reply, "faults", "Faults and reset", faultsPage(env.faults.list())),
  );

  return { clear: () => resender.clear() };
}
