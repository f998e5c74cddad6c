import type { FastifyInstance, FastifyRequest } from "fastify";
import { invalid, type StripeError } from "../domain/errors.js";
import type { ControlEnv } from "./env.js";

/**
 * The control API has no keys (it is a local test tool), so the browser is what
 * it must be kept from: any page the developer opens could otherwise reset the
 * emulator or read its keys. Three rules, on every `/_emulator/*` route:
 *
 * - a request carrying an `Origin` must come from the emulator itself (its
 *   checkout and 3-D Secure pages) or from the app it serves (`appUrl`);
 * - a POST or DELETE must be `Content-Type: application/json`: a page on another
 *   origin cannot send that without a CORS preflight, which the emulator never
 *   grants, so no "simple" form or `no-cors` request gets through;
 * - `GET /_emulator/world` lists every key, so it is only for the emulator's own
 *   pages and for non-browser callers (no `Origin`, or `Sec-Fetch-Site` of
 *   `same-origin` / `none`).
 *
 * Refusals are Stripe-shaped errors (403 for the origin, 415 for the type).
 */

const LOOPBACK_OR_ANY = new Set(["127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0", "::"]);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The origins the emulator's own pages are served from: its URL, and its loopback aliases. */
function ownOrigins(emu: ControlEnv): Set<string> {
  const origins = new Set<string>([emu.url]);
  if (LOOPBACK_OR_ANY.has(emu.host)) {
    for (const host of ["127.0.0.1", "localhost", "[::1]"]) origins.add(`http://${host}:${emu.port}`);
  }
  return origins;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isJson(req: FastifyRequest): boolean {
  const type = header(req, "content-type");
  return type?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function controlRefusal(emu: ControlEnv, req: FastifyRequest): StripeError | null {
  const path = req.url.split("?")[0] ?? "";
  const origin = header(req, "origin");
  const own = ownOrigins(emu);
  const app = originOf(emu.world.appUrl);
  if (path === "/_emulator/world") {
    const site = header(req, "sec-fetch-site");
    const sameOriginOrTool = site === undefined || site === "same-origin" || site === "none";
    if (!sameOriginOrTool || (origin !== undefined && !own.has(origin))) {
      return invalid(
        "GET /_emulator/world lists every key of the world, so only the emulator's own pages " +
          "and non-browser clients (no Origin header) may read it.",
        { status: 403 },
      );
    }
  }
  if (origin !== undefined && !own.has(origin) && origin !== app) {
    return invalid(
      `The emulator's control API only answers the emulator's own pages and the app at ${app ?? "(none)"}; ` +
        `this request came from ${origin}.`,
      { status: 403 },
    );
  }
  if (!READS.has(req.method) && !isJson(req)) {
    return invalid(
      `${req.method} ${path} takes JSON: send Content-Type: application/json (with or without a body).`,
      { status: 415 },
    );
  }
  return null;
}

export function guardControlRoutes(app: FastifyInstance, emu: ControlEnv): void {
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/_emulator/")) return;
    const refusal = controlRefusal(emu, req);
    if (refusal) throw refusal;
  });
}
