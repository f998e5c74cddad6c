import { createHash } from "node:crypto";
import type { World } from "../config/world.js";
import { newId, nowSeconds } from "../ids.js";
import type { Store } from "../store/db.js";
import { authenticate, liftCredentials } from "./auth.js";
import { DEFAULT_API_VERSION, type HandlerResult } from "../domain/context.js";
import { type RouteCtx } from "./context.js";
import { invalid, StripeError } from "../domain/errors.js";
import { asStripeError, errorJson, responseJson } from "./errors.js";
import { applyExpand } from "./expand.js";
import { parseForm, parseQuery } from "./form.js";
import { validate, type Spec } from "./params.js";

export type Method = "GET" | "POST" | "DELETE";

export interface Route {
  method: Method;
  /** fastify path syntax, e.g. `/v1/customers/:id`. */
  path: string;
  spec: Readonly<Record<string, Spec>>;
  /** Publishable keys may call this route (tokens and payment methods as Stripe.js does; intents with their client_secret). */
  publishable?: boolean;
  handler: (ctx: RouteCtx) => HandlerResult;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
  pathParams: Readonly<Record<string, string>>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Events emitted by the request (the server wakes the webhook loop when > 0). */
  emitted: number;
}

export interface Env {
  store: Store;
  world: World;
  baseUrl: string;
}

function header(h: RawRequest["headers"], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const IDEMPOTENCY_MISMATCH = (key: string): string =>
  `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;

/** The request's path without its query string (what an idempotency record keeps). */
export function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** A refused request's answer (a function of its own: a closure per request costs a `__name` call under tsx). */
function failure(headers: Record<string, string>, err: StripeError): RawResponse {
  return { status: err.status, headers, body: errorJson(err.body), emitted: 0 };
}

/**
 * Runs one API request: auth → account selection → idempotency → validation → handler → expand,
 * with the handler's writes and the idempotency record committed in a single transaction.
 */
export function execute(env: Env, route: Route, req: RawRequest): RawResponse {
  const requestId = newId("req", 14);
  const apiVersion = header(req.headers, "stripe-version") ?? DEFAULT_API_VERSION;
  const headers: Record<string, string> = {
    "request-id": requestId,
    "stripe-version": apiVersion,
    "content-type": "application/json",
  };
  try {
    // Beta flags ride along after a semicolon ("2026-10-28.endive; some_beta=v1").
    if (!/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?(\s*;.*)?$/.test(apiVersion)) {
      throw invalid(`Invalid Stripe API version: ${apiVersion}`, { code: "api_version_invalid" });
    }
    const isPost = route.method === "POST";
    const rawParams = isPost ? parseForm(req.body) : parseQuery(req.url);
    const lifted = liftCredentials(rawParams);
    const auth = authenticate(
      env.world,
      {
        authorization:
          header(req.headers, "authorization") ?? (lifted.key ? `Bearer ${lifted.key}` : undefined),
        account: header(req.headers, "stripe-account") ?? lifted.account,
        context: header(req.headers, "stripe-context"),
        version: header(req.headers, "stripe-version"),
      },
      route.publishable === true,
    );
    if (header(req.headers, "stripe-account")) headers["stripe-account"] = auth.account;
    const idempotencyKey = isPost ? (header(req.headers, "idempotency-key") ?? null) : null;
    if (idempotencyKey !== null) {
      headers["idempotency-key"] = idempotencyKey;
      if (idempotencyKey.length > 255) {
        throw invalid("Idempotency-Key must be at most 255 characters long.", { param: "Idempotency-Key" });
      }
    }
    const paramsHash =
      idempotencyKey === null
        ? ""
        : createHash("sha1")
            .update(req.body || req.url)
            .digest("base64");
    if (idempotencyKey !== null) {
      const prior = env.store.idempotencyGet(auth.account, idempotencyKey);
      if (prior) {
        if (
          prior.paramsHash !== paramsHash ||
          prior.method !== route.method ||
          prior.path !== pathOf(req.url)
        ) {
          return failure(
            headers,
            new StripeError(400, {
              type: "idempotency_error",
              message: IDEMPOTENCY_MISMATCH(idempotencyKey),
            }),
          );
        }
        headers["idempotent-replayed"] = "true";
        headers["original-request"] = prior.requestId;
        return { status: prior.status, headers, body: prior.body, emitted: 0 };
      }
    }
    const p = validate(rawParams, route.spec);
    const ctx: RouteCtx = {
      store: env.store,
      world: env.world,
      account: auth.account,
      keyAccount: auth.keyAccount,
      publishable: auth.publishable,
      apiVersion,
      requestId,
      idempotencyKey,
      baseUrl: env.baseUrl,
      now: nowSeconds(),
      emitted: 0,
      p,
      path: req.pathParams,
    };
    // Node runs one handler at a time and handlers are synchronous, so two requests carrying
    // the same key can never interleave: the second one finds the first one's record.
    const { status, body } = env.store.tx(() => {
      const result = route.handler(ctx);
      const expand = p.strs("expand");
      // Error bodies (a 402 decline is a committed outcome) are never expanded.
      const expanded = (result.status ?? 200) < 400 ? applyExpand(ctx, result.body, expand) : result.body;
      const body =
        result.json !== undefined && (expand === undefined || expand.length === 0)
          ? `${result.json}\n`
          : responseJson(expanded);
      const out = { status: result.status ?? 200, body };
      if (idempotencyKey !== null) {
        env.store.idempotencyPut(auth.account, idempotencyKey, {
          method: route.method,
          path: pathOf(req.url),
          paramsHash,
          status: out.status,
          body: out.body,
          requestId,
        });
      }
      return out;
    });
    return { status, headers, body, emitted: ctx.emitted };
  } catch (e) {
    // The response keeps this request's headers (Request-Id, Stripe-Version), so it is built here,
    // but what the error becomes is decided where every other error's is.
    return failure(headers, asStripeError(e, `${req.method} ${req.url}`));
  }
}
