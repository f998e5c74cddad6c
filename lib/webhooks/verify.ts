import Stripe from "stripe";

export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;
/** How far a delivery's signed timestamp may be from our clock, either way (the SDK's default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export class WebhookRejected extends Error {
  override name = "WebhookRejected";
}

/**
 * Verifies a delivery against every configured signing secret with Stripe's
 * own `constructEvent` and returns the event; any failure is a WebhookRejected
 * with a short reason, and nothing is acted on. The SDK only refuses timestamps
 * older than the tolerance; one further ahead than the tolerance is refused too,
 * or a delivery signed "in the future" could be replayed for as long as it says.
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
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(payload, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (signedAt(signature) - Math.floor(Date.now() / 1000) > WEBHOOK_TOLERANCE_SECONDS) {
      throw new WebhookRejected("Timestamp outside the tolerance zone.");
    }
    return event;
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

/** The `t=` of a Stripe-Signature header, read as the SDK reads it (the last one counts). */
function signedAt(header: string): number {
  let timestamp = Number.NaN;
  for (const part of header.split(",")) {
    const [name, value] = part.split("=");
    if (name === "t") timestamp = Number.parseInt(value ?? "", 10);
  }
  // constructEvent accepted the header, so it had a timestamp; be strict if not.
  return Number.isNaN(timestamp) ? Number.POSITIVE_INFINITY : timestamp;
}

/** The account an event happened in: `context` (organizations), else `account` (Connect). */
export function eventAccount(event: Stripe.Event): string {
  return event.context || event.account || "unknown";
}
