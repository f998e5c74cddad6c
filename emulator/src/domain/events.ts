import type Stripe from "stripe";
import type { Ctx } from "./context.js";
import { DEFAULT_API_VERSION } from "./context.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { destinationsFor } from "../webhooks/endpoints.js";

/** Where the event's object goes in the rendered shell of an event (see `eventJson`). */
const OBJECT_SLOT = "\u0000the event's object\u0000";
const OBJECT_SLOT_JSON = JSON.stringify(OBJECT_SLOT);

/**
 * The event as sent, `JSON.stringify(event, null, 2)`, from the object's own rendering: the shell
 * (a dozen small fields) is rendered with a placeholder for `data.object`, and the object's text,
 * indented two levels deeper, takes its place. Rendering the object once for its response, its
 * row and its events was most of a create's JSON. The placeholder is the first string after the
 * emulator's own `id`, `object`, `api_version`, `context` and `created`, so nothing sent can
 * stand in its way.
 */
function eventJson(event: Obj, data: Obj, objectJson: string): string {
  const object = data["object"];
  data["object"] = OBJECT_SLOT;
  const shell = JSON.stringify(event, null, 2);
  data["object"] = object;
  const at = shell.indexOf(OBJECT_SLOT_JSON);
  return shell.slice(0, at) + nested(objectJson) + shell.slice(at + OBJECT_SLOT_JSON.length);
}

let lastObjectJson = "";
let lastNested = "";

/** An object's text two levels deeper; the instances of a shared customer, rendered alike, share it. */
function nested(objectJson: string): string {
  if (objectJson !== lastObjectJson) {
    lastNested = objectJson.replaceAll("\n", "\n    ");
    lastObjectJson = objectJson;
  }
  return lastNested;
}

/**
 * Records an event in `account` and stages its webhook deliveries with the same transaction, so an
 * event is never delivered without being stored, nor stored without being delivered. Every event carries `context`;
 * events of a connected account also carry `account`, as Stripe does since 2025-04-30.basil.
 */
export function emit(
  ctx: Ctx,
  account: string,
  type: Stripe.Event.Type,
  object: Obj,
  previous?: Obj,
  /** `JSON.stringify(object, null, 2)` when the caller has already rendered it. */
  objectJson?: string,
): Obj {
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
  // Rendered now (later writes of the request cannot change what is sent), once: the row holds
  // the text every destination is sent.
  const json = eventJson(stored, data as unknown as Obj, objectJson ?? JSON.stringify(object, null, 2));
  const seq = ctx.store.put(account, stored, { type: "event", k1: type }, undefined, json);
  if (destinations.length > 0)
    ctx.store.stage({ account, eventId: event.id, eventType: type, seq, payload: json, destinations });
  ctx.emitted++;
  return stored;
}
