import type Stripe from "stripe";
import type { Ctx } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, noSuch } from "../domain/errors.js";
import { listStored } from "../http/list.js";
import { mergeMetadata } from "../domain/params.js";
import { S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { formatAmount } from "../domain/currencies.js";
import { emit } from "../domain/events.js";
import { saveCharge, findCharge } from "../domain/charges.js";
import { metadataOf, num, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { findIntent } from "../domain/paymentIntents.js";

function saveRefund(ctx: Ctx, r: Obj): void {
  ctx.store.put(ctx.account, r, { type: "refund", k1: str(r, "charge"), customer: str(r, "payment_intent") });
}

/** Refunds all or part of a captured charge; emits `refund.created` and `charge.refunded`. */
export function createRefund(
  ctx: Ctx,
  input: {
    charge?: string | null;
    paymentIntent?: string | null;
    amount?: number | null;
    reason?: string | null;
    metadata?: Record<string, string>;
  },
): Obj {
  let charge: Obj;
  if (input.charge) charge = findCharge(ctx, input.charge, "charge");
  else if (input.paymentIntent) {
    const pi = findIntent(ctx, input.paymentIntent, "payment_intent");
    const latest = str(pi, "latest_charge");
    if (!latest || pi["status"] !== "succeeded") {
      throw invalid(
        `This PaymentIntent (${input.paymentIntent}) does not have a successful charge to refund.`,
        {
          param: "payment_intent",
          code: "charge_not_refundable",
        },
      );
    }
    charge = findCharge(ctx, latest, "payment_intent");
  } else {
    throw invalid(
      "One of the following params should be provided for this request: payment_intent or charge.",
      { code: "parameter_missing" },
    );
  }
  const chargeId = String(charge["id"]);
  if (charge["status"] !== "succeeded" || charge["captured"] !== true) {
    throw invalid(`Charge ${chargeId} has not been captured or did not succeed, so it cannot be refunded.`, {
      code: "charge_not_refundable",
    });
  }
  // What was captured and not yet refunded; the remainder a partial capture released is not.
  const released = ctx.store.bookkeeping(ctx.account, chargeId).released ?? 0;
  const refundedSoFar = num(charge, "amount_refunded") - released;
  const remaining = num(charge, "amount_captured") - refundedSoFar;
  const currency = String(charge["currency"]);
  if (remaining <= 0)
    throw invalid(`Charge ${chargeId} has already been refunded.`, { code: "charge_already_refunded" });
  const amount = input.amount ?? remaining;
  if (amount < 1)
    throw invalid("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
  if (amount > remaining) {
    throw invalid(
      `Refund amount (${formatAmount(amount, currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, currency)})`,
      {
        param: "amount",
        code: "amount_too_large",
      },
    );
  }
  const refund = {
    id: newId("re", 24),
    object: "refund",
    amount,
    balance_transaction: newId("txn", 24),
    charge: chargeId,
    created: ctx.now,
    currency,
    customer: str(charge, "customer"),
    customer_account: null,
    destination_details: {
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
      type: "card",
    },
    metadata: input.metadata ?? {},
    payment_intent: str(charge, "payment_intent"),
    payment_method: str(charge, "payment_method"),
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  } satisfies Stripe.Refund;
  saveRefund(ctx, refund);
  const refunded = num(charge, "amount_refunded") + amount;
  const nextCharge: Obj = {
    ...charge,
    amount_refunded: refunded,
    refunded: refunded >= num(charge, "amount"),
  };
  saveCharge(ctx, nextCharge);
  emit(ctx, ctx.account, "refund.created", refund);
  emit(ctx, ctx.account, "charge.refunded", nextCharge, {
    amount_refunded: charge["amount_refunded"],
    refunded: charge["refunded"],
  });
  return refund;
}

function findRefund(ctx: RouteCtx): Obj {
  const id = ctx.path["id"] ?? "";
  const r = ctx.store.get(ctx.account, id);
  if (!r || r["object"] !== "refund") throw noSuch("refund", id);
  return r;
}

export const refundRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/refunds",
    spec: {
      amount: "int",
      charge: "string",
      payment_intent: "string",
      currency: "string",
      customer: "string",
      instructions_email: "string",
      metadata: "metadata",
      origin: "string",
      reason: "string",
      refund_application_fee: "bool",
      reverse_transfer: "bool",
      expand: "strings",
    },
    handler: (ctx) => {
      const p = ctx.p;
      const input: Parameters<typeof createRefund>[1] = {
        charge: p.str("charge") ?? null,
        paymentIntent: p.str("payment_intent") ?? null,
        amount: p.int("amount") ?? null,
        reason: p.str("reason") ?? null,
        metadata: mergeMetadata({}, p.meta("metadata")),
      };
      return { body: createRefund(ctx, input) };
    },
  },
  {
    method: "GET",
    path: "/v1/refunds/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: findRefund(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/refunds/:id",
    spec: { metadata: "metadata", expand: "strings" },
    handler: (ctx) => {
      const r = findRefund(ctx);
      const next: Obj = { ...r, metadata: mergeMetadata(metadataOf(r), ctx.p.meta("metadata")) };
      saveRefund(ctx, next);
      emit(ctx, ctx.account, "refund.updated", next, { metadata: r["metadata"] });
      return { body: next };
    },
  },
  {
    method: "POST",
    path: "/v1/refunds/:id/cancel",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const r = findRefund(ctx);
      throw invalid(
        `Refund ${String(r["id"])} has a status of ${String(r["status"])} and cannot be canceled.`,
        { code: "refund_unexpected_state" },
      );
    },
  },
  {
    method: "GET",
    path: "/v1/refunds",
    spec: { ...S.list, charge: "string", payment_intent: "string" },
    handler: (ctx) => {
      const charge = ctx.p.str("charge");
      const pi = ctx.p.str("payment_intent");
      return {
        body: listStored(
          ctx,
          "/v1/refunds",
          ctx.p,
          {
            accounts: [ctx.account],
            type: "refund",
            ...(charge ? { k1: charge } : {}),
            ...(pi ? { customer: pi } : {}),
          },
          "refund",
        ),
      };
    },
  },
];
