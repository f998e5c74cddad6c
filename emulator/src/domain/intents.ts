import type Stripe from "stripe";
import { newId, randomToken } from "../ids.js";
import type { Ctx } from "./context.js";

/** What PaymentIntents and SetupIntents share: the same fields, filled the same way for both. */

type SharedField =
  | "id"
  | "allowed_payment_method_types"
  | "application"
  | "automatic_payment_methods"
  | "client_secret"
  | "created"
  | "customer"
  | "customer_account"
  | "description"
  | "excluded_payment_method_types"
  | "livemode"
  | "metadata"
  | "next_action"
  | "on_behalf_of"
  | "payment_method"
  | "payment_method_configuration_details"
  | "status";

export interface NewIntentBase {
  customer: string | null;
  paymentMethod: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  onBehalfOf?: string | null;
  /** `allowed_payment_method_types` as given (the card-only filter result goes to `payment_method_types`). */
  allowedTypes?: string[] | null;
}

/** A new intent's shared fields; `explicitTypes`: the caller chose the payment method types. */
export function sharedIntentFields(
  ctx: Ctx,
  prefix: "pi" | "seti",
  n: NewIntentBase,
  explicitTypes: boolean,
) {
  const id = newId(prefix, 24);
  return {
    id,
    allowed_payment_method_types: n.allowedTypes ?? null,
    application: null,
    automatic_payment_methods: explicitTypes ? null : { allow_redirects: "always", enabled: true },
    client_secret: `${id}_secret_${randomToken(25)}`,
    created: ctx.now,
    customer: n.customer,
    customer_account: null,
    description: n.description ?? null,
    excluded_payment_method_types: null,
    livemode: false,
    metadata: n.metadata ?? {},
    next_action: null,
    on_behalf_of: n.onBehalfOf ?? null,
    payment_method: n.paymentMethod,
    payment_method_configuration_details: null,
    status: n.paymentMethod ? "requires_confirmation" : "requires_payment_method",
  } satisfies Pick<Stripe.PaymentIntent, SharedField> & Pick<Stripe.SetupIntent, SharedField>;
}

/** Stripe's field order: `id`, `object`, then the rest alphabetically (as the API renders objects). */
export function inStripeOrder<T extends { id: string; object: string }>(o: T): T {
  const out: Record<string, unknown> = { id: o.id, object: o.object };
  for (const k of Object.keys(o).sort()) if (k !== "id" && k !== "object") out[k] = o[k as keyof T];
  return out as T;
}
