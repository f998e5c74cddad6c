import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

const tooLarge = (limitBytes: number) =>
  new AppError("payload_too_large", `The request body is larger than ${limitBytes} bytes.`);

// What is read and dropped after a refusal (see readBody): a client that sent a little
// too much finishes writing and reads its 413 on a connection it can use again.
const DISCARD_AFTER_REFUSAL_BYTES = 1024 * 1024;

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive and giving up
 * with a 413 at `limitBytes`: a chunked body has no Content-Length and a declared
 * one can be smaller than what is sent, so neither is trusted, and an oversized
 * upload never costs the server more than the limit in memory. A declared length
 * over the limit is refused before anything is kept. The one body reader of every
 * route (and of next-auth's).
 */
export async function readBody(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) {
    if (request.body) void discardSome(request.body.getReader());
    throw tooLarge(limitBytes);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      void discardSome(reader);
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  reader.releaseLock();
  return Buffer.concat(chunks, received).toString("utf8");
}

/**
 * Reads and drops what follows a refused body while the 413 goes out, so a client
 * that sent a little too much can finish writing and read its answer (one whose
 * connection closes while it is still writing sees a reset instead). Past
 * DISCARD_AFTER_REFUSAL_BYTES nothing more is read: the connection stalls and is
 * dropped once the answer is out. Never cancelled here, as cancelling the stream
 * resets the connection, possibly before the answer is written.
 */
async function discardSome(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let discarded = 0;
  try {
    while (discarded <= DISCARD_AFTER_REFUSAL_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      discarded += value.byteLength;
    }
    reader.releaseLock();
  } catch {
    // The client hung up first: nothing left to drop.
  }
}

/** Reads and validates a JSON body; every way it can be wrong becomes a 4xx AppError. */
export async function readJson<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  limitBytes = DEFAULT_BODY_LIMIT_BYTES,
): Promise<z.infer<Schema>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request", "Send the request body as JSON (Content-Type: application/json).");
  }
  const text = await readBody(request, limitBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  return parsed.data;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a state-changing request a browser says comes from anywhere but the app's
 * own origin (`APP_URL`), so no other site — not even a sibling on the same site,
 * whose requests carry our SameSite=Lax cookies — can make a signed-in user change
 * something, body or not. Browsers send `Origin` on every cross-origin POST, PUT,
 * PATCH and DELETE (and `Sec-Fetch-Site` on all requests); a request with neither
 * comes from no browser (curl, a server, the test suite's Node clients), carries no
 * cookies but its own, and is let through.
 */
export function refuseCrossSite(request: Request): void {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return;
  const appOrigin = new URL(env().APP_URL).origin;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const sameOrigin =
    origin !== null
      ? origin === appOrigin
      : fetchSite === null || fetchSite === "same-origin" || fetchSite === "none";
  if (!sameOrigin) {
    throw new AppError(
      "forbidden",
      `This request came from another site. Changes can only be made from ${appOrigin}.`,
    );
  }
}

/**
 * Wraps a route handler: refuses cross-site changes (see `refuseCrossSite`), and
 * turns any error into a clean JSON response. Every route under app/api goes
 * through it except the Stripe webhook, which is called server to server and
 * checked by its signature.
 */
export function handle<Req extends Request, Context>(
  handler: (request: Req, context: Context) => Promise<Response>,
): (request: Req, context: Context) => Promise<Response> {
  return async (request, context) => {
    try {
      refuseCrossSite(request);
      return await handler(request, context);
    } catch (error) {
      if (error instanceof AppError) return error.toResponse();
      logger.error({ err: error, path: new URL(request.url).pathname }, "unhandled route error");
      return NextResponse.json(
        { error: { code: "internal", message: "Something went wrong on our side. Please try again." } },
        { status: 500 },
      );
    }
  };
}
