import type { z } from "zod";

/**
 * The one rule for free text people type into a single-line field (names, phone,
 * address lines): no control characters (NUL, tabs, line breaks, escape, DEL, C1),
 * no line or paragraph separators, and no lone UTF-16 surrogate halves — those are
 * not characters at all, and Stripe's client cannot even encode them into a request.
 * Letters of every script, punctuation, emoji and their joiners are all fine.
 * Shared by the browser forms and the server (no server-only imports here).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]/u;

export const UNPRINTABLE_TEXT_MESSAGE =
  "Use printable characters only (no line breaks, tabs or control characters).";

export function isPrintableText(value: string): boolean {
  return !UNPRINTABLE.test(value);
}

/** `schema`, refusing unprintable text with the shared message. */
export function printableText<Schema extends z.ZodString>(schema: Schema): Schema {
  return schema.refine(isPrintableText, UNPRINTABLE_TEXT_MESSAGE) as Schema;
}
