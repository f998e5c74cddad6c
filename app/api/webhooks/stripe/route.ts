import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readBody } from "@/lib/http";
import { logger } from "@/lib/logger";
import { ingestEvent } from "@/lib/webhooks/ingest";
import { MAX_WEBHOOK_BODY_BYTES, verifyWebhook, WebhookRejected } from "@/lib/webhooks/verify";

export const dynamic = "force-dynamic";

const reject = (reason: string) =>
  NextResponse.json({ error: { code: "bad_webhook", message: reason } }, { status: 400 });

/**
 * The organization webhook endpoint (and the Connect platform's): verifies the
 * signature on the raw body, then records and handles the event once.
 */
export async function POST(request: Request): Promise<Response> {
  let payload: string;
  try {
    payload = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    // Oversized: 413, and nothing past the limit is read or stored.
    if (error instanceof AppError) return error.toResponse();
    throw error;
  }

  let event;
  try {
    event = verifyWebhook(payload, request.headers.get("stripe-signature"), env().STRIPE_WEBHOOK_SECRETS);
  } catch (error) {
    if (error instanceof WebhookRejected) return reject(error.message);
    throw error;
  }

  try {
    const result = await ingestEvent(event, payload);
    return NextResponse.json({ received: true, ...result });
  } catch (error) {
    logger.warn({ eventId: event.id, err: error }, "webhook not processed; Stripe will retry");
    return NextResponse.json(
      { error: { code: "handler_failed", message: "The event could not be processed; retry later." } },
      { status: 500 },
    );
  }
}
