import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

const tooLarge = (limitBytes: number) =>
  new AppError("payload_too_large", `The request body is larger than ${limitBytes} bytes.`);

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive and giving up
 * with a 413 at `limitBytes`: a chunked body has no Content-Length and a declared
 * one can be smaller than what is sent, so neither is trusted, and an oversized
 * upload costs the server at most the limit. A declared length over the limit is
 * refused before anything is read. The one body reader of every route.
 */
export async function readBody(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      // Stop pulling, without cancelling: cancelling the stream resets the connection
      // before the 413 reaches the client. The server drops the rest once it has answered.
      if (received > limitBytes) throw tooLarge(limitBytes);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, received).toString("utf8");
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

/** Wraps a route handler so any error becomes a clean JSON response. */
export function handle<Context>(
  handler: (request: Request, context: Context) => Promise<Response>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    try {
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
