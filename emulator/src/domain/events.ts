import type Stripe from "stripe";
import type { Ctx } from "./context.js";
import { DEFAULT_API_VERSION } from "./context.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { destinationsFor } from "../webhooks/endpoints.js";

/**
 * Records an event in `account` and stages its webhook deliveries with the same transaction, so an
 * event is never delivered without being stored, nor stored without being delivered. Every event carries `context`;
 * events of a connected account also carry `account`, as Stripe does since 2025-04-30.basil.
 */
export function emit(ctx: Ctx, account: string, type: Stripe.Event.Type, object: Obj, previous?: Obj): Obj {
  const destinations = destinationsFor(ctx.world, ctx.store, account, type);
  const data: Stripe.Event.Data =
    previous && Object.keys(previous).length > 0 ? { object, previous_attributes: previous } : { object };
  const event: Stripe.EventBase & { type: Stripe.Event.Type } = {
    id: newId("evt", 24),
    object: "event",
    api_version: DEFAULT_API_VERSION,
    context: account,
    created: ctx.now,
    data,
    livemode: false,
    pending_webhooks: destinations.length,
    request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
    type,
  };
  if (ctx.world.platformOf(account)) event["account"] = account;
  const stored: Obj = { ...event };
  const seq = ctx.store.put(account, stored, { type: "event", k1: type });
  // Rendered now (later writes of the request cannot change what is sent), once for every destination.
  if (destinations.length > 0)
    ctx.store.stage({
      account,
      eventId: event.id,
      eventType: type,
      seq,
      payload: JSON.stringify(stored, null, 2),
      destinations,
    });
  ctx.emitted++;
  return stored;
}
