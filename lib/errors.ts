import { NextResponse } from "next/server";
import type { ZodError } from "zod";

/**
 * Errors a user or an API client can cause. Each one knows its HTTP status and a
 * message that is safe to show; route handlers turn them into JSON with
 * `toResponse()` so no client ever sees a stack trace.
 */
export type AppErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "payment_failed"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "upstream_unavailable"
  | "internal";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  payment_failed: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream_unavailable: 503,
  internal: 500,
};

export type FieldErrors = Record<string, string[]>;

export interface AppErrorBody {
  /** `reference`: a short id the user can quote to support, also in our logs (never a Stripe id). */
  error: { code: AppErrorCode; message: string; fields?: FieldErrors; reference?: string };
}

export class AppError extends Error {
  override name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly options: {
      fields?: FieldErrors;
      retryAfterSeconds?: number;
      cause?: unknown;
      reference?: string;
    } = {},
  ) {
    super(message, { cause: options.cause });
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): AppErrorBody {
    const { fields, reference } = this.options;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(fields ? { fields } : {}),
        ...(reference ? { reference } : {}),
      },
    };
  }

  toResponse(): NextResponse<AppErrorBody> {
    const headers = new Headers();
    if (this.options.retryAfterSeconds !== undefined) {
      headers.set("Retry-After", String(Math.ceil(this.options.retryAfterSeconds)));
    }
    return NextResponse.json(this.toJSON(), { status: this.status, headers });
  }

  static fromZod(error: ZodError, message = "Some fields need your attention."): AppError {
    const fields: FieldErrors = {};
    for (const issue of error.issues) {
      const key = issue.path.length > 0 ? issue.path.join(".") : "_";
      (fields[key] ??= []).push(issue.message);
    }
    return new AppError("validation_failed", message, { fields });
  }
}
