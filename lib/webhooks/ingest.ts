import "server-only";
import type Stripe from "stripe";
import { brandForAccount, findBrand } from "@/lib/brands";
import { isUniqueViolation, prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { sendReceiptForCheckout } from "@/lib/mail/receipts";
import { describeFailure } from "@/lib/redact";
import { accountStripe } from "@/lib/stripe/client";
import { apply, needsStripe, prepare, type Applied } from "@/lib/webhooks/handlers";
import { eventAccount } from "@/lib/webhooks/verify";

export type IngestResult = Applied | { outcome: "duplicate"; detail: string };

/**
 * Records and handles one verified event exactly once per (event id, account).
 * The record and the handler's writes commit together, so a 2xx is only sent
 * for work that is saved; a failure is logged on the record, rethrown (the
 * route answers 5xx) and Stripe's retry runs the handler again.
 *
 * An event from an account the app does not know is acknowledged and dropped:
 * there is no key to read its object back from Stripe, so nothing in it can be
 * checked or acted on, and storing it would let its sender fill the event log
 * (and a customer's history) with whatever it likes. The log line keeps its
 * id, type and account for whoever has to find a misrouted webhook destination.
 */
export async function ingestEvent(event: Stripe.Event, payload: string): Promise<IngestResult> {
  const account = eventAccount(event);
  const stripe = accountStripe(account);
  if (!stripe) {
    logger.warn(
      { eventId: event.id, type: event.type, account },
      "webhook event from an unknown account dropped",
    );
    return { outcome: "ignored", detail: `not an account this app knows (${account}); not stored` };
  }
  const key = { eventId_account: { eventId: event.id, account } };
  const brand = brandForAccount(account);
  // Events whose handling reads Stripe check for a duplicate first, to skip those reads;
  // the rest go straight to the insert, and the unique index catches duplicates.
  const existing = needsStripe(event.type)
    ? await prisma.webhookEvent.findUnique({ where: key, select: { id: true, processedAt: true } })
    : null;
  if (existing?.processedAt) return { outcome: "duplicate", detail: "already processed" };
  const record = {
    eventId: event.id,
    account,
    brand: brand?.slug ?? brandOfObject(event),
    type: event.type,
    apiVersion: event.api_version ?? null,
    created: event.created,
    payload,
    customer: customerOfObject(event),
  };

  try {
    const plan = await prepare(event, stripe);
    if (plan.kind === "nothing" && !existing) {
      // Nothing to write but the record itself: one insert, no transaction needed.
      const done = { processedAt: new Date(), outcome: plan.outcome, detail: plan.detail };
      try {
        await prisma.webhookEvent.create({ data: { ...record, ...done }, select: { id: true } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const earlier = await prisma.webhookEvent.updateMany({
          where: { ...key.eventId_account, processedAt: null },
          data: { ...done, attempts: { increment: 1 } },
        });
        if (earlier.count === 0) return { outcome: "duplicate", detail: "already processed" };
      }
      return { outcome: plan.outcome, detail: plan.detail };
    }
    const applied = await prisma.$transaction(async (tx) => {
      const result = await apply(tx, plan);
      const done = { processedAt: new Date(), outcome: result.outcome, detail: result.detail };
      if (existing) {
        await tx.webhookEvent.update({
          where: { id: existing.id },
          data: { ...done, attempts: { increment: 1 } },
        });
      } else {
        await tx.webhookEvent.create({ data: { ...record, ...done } });
      }
      return result;
    });
    if (plan.kind === "complete-checkout") void sendReceiptForCheckout(plan.checkoutId);
    return applied;
  } catch (error) {
    // A concurrent delivery of the same event won the insert: its work is committed.
    if (isUniqueViolation(error)) return { outcome: "duplicate", detail: "processed concurrently" };
    const detail = describeFailure(error);
    logger.error({ err: error, eventId: event.id, type: event.type, account }, "webhook handler failed");
    await prisma.webhookEvent
      .upsert({
        where: key,
        create: { ...record, outcome: "failed", detail },
        update: { outcome: "failed", detail, attempts: { increment: 1 } },
      })
      .catch((recordError: unknown) =>
        logger.error({ err: recordError }, "could not record the failed event"),
      );
    throw error;
  }
}

/** Platform events (connect-clone first purchases) name their brand in the object's metadata. */
function brandOfObject(event: Stripe.Event): string | null {
  const object = event.data.object as { metadata?: Record<string, string> | null };
  const slug = object.metadata?.brand;
  return slug && findBrand(slug) ? slug : null;
}

const CUSTOMER_ID = /^cus_[A-Za-z0-9]{1,100}$/;

/**
 * The customer an event is about, so a customer's event log is an index lookup. A card
 * detached from its customer names no customer any more (`customer: null`): Stripe keeps
 * the former one in `previous_attributes`, and the event is about that customer.
 */
function customerOfObject(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; customer?: unknown };
  if (object.object === "customer") return customerId(object.id);
  const previous = event.data.previous_attributes as { customer?: unknown } | undefined;
  return customerId(object.customer) ?? customerId(previous?.customer);
}

/** A customer id from a field that holds one, or the expanded customer; anything else is none. */
function customerId(value: unknown): string | null {
  const id = value && typeof value === "object" && "id" in value ? (value as { id: unknown }).id : value;
  return typeof id === "string" && CUSTOMER_ID.test(id) ? id : null;
}
