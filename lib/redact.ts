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
