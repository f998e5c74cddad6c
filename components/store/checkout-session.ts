import { submissionId } from "@/components/store/submission-id";
import type { CartLine } from "@/lib/checkout/cart-line";
import { sendJson, type SendResult } from "@/lib/client/send-json";

export interface CreatedSession {
  clientSecret: string;
  stripeAccount: string | null;
  sessionId: string;
}

/** The server answers 409 when the cart is already paid (or its submission can restart no more). */
export class CheckoutClosedError extends Error {}

const FAILED = "We couldn't start the checkout. Please try again.";

function post(brand: string, lines: CartLine[], submission: string): Promise<SendResult<CreatedSession>> {
  return sendJson<CreatedSession>(
    "/api/checkout/sessions",
    "POST",
    { brand, lines, submissionId: submission },
    FAILED,
  );
}

/**
 * The session request the storefront's Checkout click started, so the Stripe call runs while
 * the checkout page loads. One at a time: the checkout page takes it, or the next click
 * replaces it. The same submission id makes it the same session the page would ask for.
 */
let early: { key: string; result: Promise<SendResult<CreatedSession>> } | null = null;

const keyOf = (brand: string, lines: CartLine[], submission: string) =>
  JSON.stringify([brand, submission, lines]);

/** Called on the storefront's Checkout click, before the checkout page is even fetched. */
export function startCheckoutSession(brand: string, lines: CartLine[]): void {
  if (lines.length === 0) return;
  const submission = submissionId(brand, lines);
  early = { key: keyOf(brand, lines, submission), result: post(brand, lines, submission) };
}

/**
 * Creates (or, for the same submission, finds again) the Checkout Session of this cart: the
 * one the Checkout click already asked for when it matches, else a new request.
 */
export async function createCheckoutSession(brand: string, lines: CartLine[]): Promise<CreatedSession> {
  const submission = submissionId(brand, lines);
  const key = keyOf(brand, lines, submission);
  const started = early?.key === key ? early.result : null;
  early = null;
  let created = started ? await started : await post(brand, lines, submission);
  // A click made while signed out was answered 401: the page only loads once signed in.
  if (started && !created.ok && created.status === 401) created = await post(brand, lines, submission);
  if (created.ok) return created.data;
  if (created.status === 409) throw new CheckoutClosedError(created.message);
  throw new Error(created.message);
}
