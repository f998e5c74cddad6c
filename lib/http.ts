import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

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
  const text = await request.text();
  if (Buffer.byteLength(text) > limitBytes) {
    throw new AppError("payload_too_large", `The request body is larger than ${limitBytes} bytes.`);
  }
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
