import type { Ctx } from "./context.js";
import { invalid, missingParam, unknownParam } from "./errors.js";
import type { P } from "./params.js";
import type { Obj } from "../store/db.js";

/**
 * Publishable keys reach a PaymentIntent or SetupIntent only through its client secret, and see
 * only the client-side part of it: the fields `@stripe/stripe-js` declares for what Stripe.js
 * receives (plus, for PaymentIntents, `automatic_payment_methods`, which the API reference marks
 * "retrievable with publishable key"). `customer`, `metadata`, charges and the rest stay server-side.
 */
const CLIENT_FIELDS = {
  payment_intent: [
    "id",
    "object",
    "amount",
    "automatic_payment_methods",
    "canceled_at",
    "cancellation_reason",
    "capture_method",
    "client_secret",
    "confirmation_method",
    "created",
    "currency",
    "description",
    "last_payment_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "receipt_email",
    "setup_future_usage",
    "shipping",
    "status",
  ],
  setup_intent: [
    "id",
    "object",
    "cancellation_reason",
    "client_secret",
    "created",
    "description",
    "last_setup_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "status",
    "usage",
  ],
} as const;

export type IntentKind = keyof typeof CLIENT_FIELDS;

const LABEL: Record<IntentKind, string> = { payment_intent: "PaymentIntent", setup_intent: "SetupIntent" };

/** The object as the requesting key may see it: everything for a secret key, the client view for a publishable one. */
export function intentView(ctx: Ctx, kind: IntentKind, intent: Obj): Obj {
  const full = intent;
  if (!ctx.publishable) return full;
  const out: Obj = {};
  for (const k of CLIENT_FIELDS[kind]) if (k in full) out[k] = full[k];
  return out;
}

/** A 402 body shows the intent it carries in the same view as a successful answer would. */
export function errorView(ctx: Ctx, kind: IntentKind, error: Obj): Obj {
  const intent = error[kind];
  if (!ctx.publishable || intent === null || typeof intent !== "object") return error;
  return { ...error, [kind]: intentView(ctx, kind, intent as Obj) };
}

/**
 * Checks the `client_secret` parameter. A publishable key must send the intent's own secret
 * (Stripe: 400 `…_invalid_parameter` "The client_secret provided does not match the client_secret
 * associated with the PaymentIntent."). A secret key may not send one where the API does not take
 * it (confirm: "Received unknown parameter: client_secret"); on retrieve the SDK declares it, so a
 * secret key's is accepted and not checked.
 */
export function checkClientSecret(
  ctx: Ctx,
  kind: IntentKind,
  intent: Obj,
  p: P,
  acceptedFromSecretKeys: boolean,
): void {
  const given = p.str("client_secret");
  if (!ctx.publishable) {
    if (p.has("client_secret") && !acceptedFromSecretKeys) throw unknownParam("client_secret");
    return;
  }
  if (given === undefined || given === null) throw missingParam("client_secret");
  if (given !== intent["client_secret"]) {
    throw invalid(
      `The client_secret provided does not match the client_secret associated with the ${LABEL[kind]}.`,
      { param: "client_secret", code: `${kind}_invalid_parameter` },
    );
  }
}
