import { newId, randomToken } from "../ids.js";
import type { Obj } from "../store/db.js";
import type { Ctx } from "./context.js";
import { noSuch } from "./errors.js";
import { emit } from "./events.js";
import { str } from "./render.js";

/** PaymentIntents as stored objects: built, found and saved (the confirmation state machine is payments.ts). */

export function piIndex(o: Obj): { type: string; customer: string | null } {
  return { type: "payment_intent", customer: str(o, "customer") };
}

export function savePaymentIntent(ctx: Ctx, pi: Obj): void {
  ctx.store.put(ctx.account, pi, piIndex(pi));
}

export function findIntent(ctx: Ctx, id: string, param = "id"): Obj {
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "payment_intent") throw noSuch("payment_intent", id, param);
  return o;
}

export interface NewIntent {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  captureMethod?: string;
  setupFutureUsage?: string | null;
  receiptEmail?: string | null;
  paymentMethodTypes?: string[] | null;
  /** `allowed_payment_method_types` as given (the card-only filter result goes to `payment_method_types`). */
  allowedTypes?: string[] | null;
  shipping?: unknown;
  statementDescriptor?: string | null;
  statementDescriptorSuffix?: string | null;
  transferGroup?: string | null;
  applicationFeeAmount?: number | null;
  onBehalfOf?: string | null;
  /** Destination charge: where the funds go (`transfer_data.destination`) and how much (`amount`). */
  transferData?: { destination: string; amount?: number | null } | null;
}

/** Builds and stores a PaymentIntent in the acting account; emits `payment_intent.created`. */
export function createIntent(ctx: Ctx, n: NewIntent): Obj {
  const id = newId("pi", 24);
  const legacyTypes = n.paymentMethodTypes && n.paymentMethodTypes.length > 0;
  const explicitTypes = legacyTypes || Boolean(n.allowedTypes);
  const pi: Obj = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: n.allowedTypes ?? null,
    amount: n.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: n.applicationFeeAmount ?? null,
    automatic_payment_methods: explicitTypes ? null : { allow_redirects: "always", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: n.captureMethod ?? "automatic_async",
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: "automatic",
    created: ctx.now,
    currency: n.currency.toLowerCase(),
    customer: n.customer,
    customer_account: null,
    description: n.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: n.metadata ?? {},
    next_action: null,
    on_behalf_of: n.onBehalfOf ?? null,
    payment_method: n.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: legacyTypes ? n.paymentMethodTypes : ["card"],
    payment_record: null,
    processing: null,
    receipt_email: n.receiptEmail ?? null,
    review: null,
    setup_future_usage: n.setupFutureUsage ?? null,
    shipping: n.shipping ?? null,
    source: null,
    statement_descriptor: n.statementDescriptor ?? null,
    statement_descriptor_suffix: n.statementDescriptorSuffix ?? null,
    status: n.paymentMethod ? "requires_confirmation" : "requires_payment_method",
    transfer_data: n.transferData
      ? { amount: n.transferData.amount ?? null, destination: n.transferData.destination }
      : null,
    transfer_group: n.transferGroup ?? null,
  };
  savePaymentIntent(ctx, pi);
  emit(ctx, ctx.account, "payment_intent.created", pi);
  return pi;
}
