import type Stripe from "stripe";
import type { Obj } from "../store/db.js";
import type { Ctx } from "./context.js";
import { noSuch } from "./errors.js";
import { emit } from "./events.js";
import { type NewIntentBase, inStripeOrder, sharedIntentFields } from "./intents.js";
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

export interface NewIntent extends NewIntentBase {
  amount: number;
  currency: string;
  captureMethod?: string;
  setupFutureUsage?: string | null;
  receiptEmail?: string | null;
  paymentMethodTypes?: string[] | null;
  shipping?: Stripe.PaymentIntent.Shipping | null;
  statementDescriptor?: string | null;
  statementDescriptorSuffix?: string | null;
  transferGroup?: string | null;
  applicationFeeAmount?: number | null;
  /** Destination charge: where the funds go (`transfer_data.destination`) and how much (`amount`). */
  transferData?: { destination: string; amount?: number | null } | null;
}

/** Builds and stores a PaymentIntent in the acting account; emits `payment_intent.created`. */
export function createIntent(ctx: Ctx, n: NewIntent): Obj {
  const legacyTypes = n.paymentMethodTypes && n.paymentMethodTypes.length > 0 ? n.paymentMethodTypes : null;
  const explicitTypes = legacyTypes !== null || Boolean(n.allowedTypes);
  const pi = inStripeOrder({
    ...sharedIntentFields(ctx, "pi", n, explicitTypes),
    object: "payment_intent",
    amount: n.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application_fee_amount: n.applicationFeeAmount ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: n.captureMethod ?? "automatic_async",
    confirmation_method: "automatic",
    currency: n.currency.toLowerCase(),
    last_payment_error: null,
    latest_charge: null,
    managed_payments: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: legacyTypes ?? ["card"],
    payment_record: null,
    processing: null,
    receipt_email: n.receiptEmail ?? null,
    review: null,
    setup_future_usage: n.setupFutureUsage ?? null,
    shipping: n.shipping ?? null,
    source: null,
    statement_descriptor: n.statementDescriptor ?? null,
    statement_descriptor_suffix: n.statementDescriptorSuffix ?? null,
    // `amount` is present only when the caller set one (the SDK declares it optional).
    transfer_data: n.transferData
      ? {
          destination: n.transferData.destination,
          ...(typeof n.transferData.amount === "number" ? { amount: n.transferData.amount } : {}),
        }
      : null,
    transfer_group: n.transferGroup ?? null,
  } satisfies Stripe.PaymentIntent);
  savePaymentIntent(ctx, pi);
  emit(ctx, ctx.account, "payment_intent.created", pi);
  return pi;
}
