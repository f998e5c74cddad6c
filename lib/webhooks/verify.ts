import Stripe from "stripe";

export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

export class WebhookRejected extends Error {
  override name = "WebhookRejected";
}

/**
 * Verifies a delivery against every configured signing secret with Stripe's
 * own `constructEvent` (default 300 s tolerance) and returns the event; any
 * failure is a WebhookRejected with a short reason, and nothing is acted on.
 */
export function verifyWebhook(
  payload: string,
  signature: string | null,
  secrets: readonly string[],
): Stripe.Event {
  if (!signature) throw new WebhookRejected("Missing Stripe-Signature header.");
  if (Buffer.byteLength(payload) > MAX_WEBHOOK_BODY_BYTES) throw new WebhookRejected("Payload too large.");
  const failures: string[] = [];
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(payload, signature, secret);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  // The SDK checks the signature before the timestamp: "tolerance" means one secret matched.
  if (failures.some((message) => /tolerance/i.test(message))) {
    throw new WebhookRejected("Timestamp outside the tolerance zone.");
  }
  if (failures.some((message) => /Unable to extract|expected scheme/i.test(message))) {
    throw new WebhookRejected("Malformed Stripe-Signature header.");
  }
  throw new WebhookRejected("Signature does not match any configured endpoint secret.");
}

/** The account an event happened in: `context` (organizations), else `account` (Connect). */
export function eventAccount(event: Stripe.Event): string {
  return event.context || event.account || "unknown";
}
