/**
 * Scrubbing of personal data from free text that is logged or stored beside an
 * event (error messages from Stripe or the database can quote what a shopper
 * typed). Structured fields are redacted by name in lib/logger.ts; this catches
 * what hides inside a sentence. Ids (cus_…, pi_…) are kept: they are how an
 * operator finds the object again.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+\d[\d\s().-]{6,}\d/g;

export const REDACTED = "[redacted]";

export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

const MAX_DETAIL_LENGTH = 500;

/**
 * What went wrong, fit to store beside an event or show an admin: the first line
 * of the error's message (a database error goes on to quote the whole query, with
 * the shopper's data), scrubbed, at most 500 characters.
 */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n", 1)[0] ?? "";
  return redactText(firstLine).slice(0, MAX_DETAIL_LENGTH);
}
