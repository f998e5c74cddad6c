import type { ErrorBody } from "../domain/errors.js";

/** Stripe answers pretty-printed JSON: a two-space indent and a final newline. */
export function responseJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function errorJson(body: ErrorBody): string {
  return responseJson({ error: body });
}
