import { apiError, invalid, StripeError, type ErrorBody } from "../domain/errors.js";

/** Stripe answers pretty-printed JSON: a two-space indent and a final newline. */
export function responseJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function errorJson(body: ErrorBody): string {
  return responseJson({ error: body });
}

/** Stripe's 404 for a URL no route serves; a trailing slash gets its hint. */
export function unrecognizedUrl(method: string, path: string): StripeError {
  const hint = path.endsWith("/")
    ? " If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code."
    : "";
  return new StripeError(404, {
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}).${hint} Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

/** A URL the router cannot even decode (a malformed percent-escape). */
export function malformedUrl(method: string, path: string): StripeError {
  return invalid(`Invalid request URL (${method}: ${path}): it holds a malformed percent-escape.`);
}

function statusCodeOf(error: unknown): number | undefined {
  if (error === null || typeof error !== "object" || !("statusCode" in error)) return undefined;
  const status = error.statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * The one translation of anything thrown while answering a request into the Stripe error the client
 * gets. A Stripe error is answered as it is; what the HTTP layer itself refuses (an unreadable JSON
 * body, a body over the limit: errors carrying a 4xx `statusCode`) keeps its status and message as an
 * `invalid_request_error`; anything else is a bug or a failure of ours, logged here and answered as
 * Stripe's opaque 500 so no message, path or stack trace reaches the client.
 */
export function asStripeError(error: unknown, where: string): StripeError {
  if (error instanceof StripeError) return error;
  const status = statusCodeOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const message = error instanceof Error && error.message ? error.message : "Invalid request.";
    return invalid(message, { status });
  }
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`stripe-emulator: unhandled error on ${where}: ${message}`);
  return apiError();
}
