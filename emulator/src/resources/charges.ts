import type { Ctx, HandlerResult } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, missingParam, noSuch, StripeError } from "../domain/errors.js";
import { registerExpandable } from "../http/expand.js";
import { listObject, listStored } from "../http/list.js";
import { mergeMetadata, type P } from "../domain/params.js";
import { S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import {
  assertRawCardDataAccess,
  behaviourOf,
  cardDetails,
  declineBody,
  type Decline,
} from "../domain/cards.js";
import { checkChargeAmount, checkCurrency } from "../domain/currencies.js";
import { emit } from "../domain/events.js";
import { buildCharge, saveCharge, type Instrument, findCharge } from "../domain/charges.js";
import { metadataOf, num, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { findCustomer } from "../domain/lookup.js";
import { consumeToken, legacyCard } from "../domain/tokens.js";

export function refundsOf(ctx: Ctx, chargeId: string): Obj[] {
  return ctx.store
    .list({ accounts: [ctx.account], type: "refund", k1: chargeId }, { limit: 100 })
    .rows.map((r) => r.obj);
}

registerExpandable("charge", "refunds", (ctx, owner) =>
  listObject(`/v1/charges/${String(owner["id"])}/refunds`, refundsOf(ctx, String(owner["id"])), false),
);

/** Stripe's decline for a card that needs 3-D Secure: the Charges API cannot authenticate. */
const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  decline_code: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

function cardInstrument(ctx: Ctx, card: Obj, pan: string): Instrument {
  return { id: String(card["id"]), kind: "card", pan, found: { account: ctx.account, obj: card } };
}

/**
 * What a legacy charge charges: a token (or a card hash) alone, or a customer's card — the one
 * given as `source`, else the default source (Stripe: "pass only a token ID in the source
 * parameter, and omit the customer parameter", or a customer with one of its `card_…` ids).
 */
function legacyInstrument(ctx: RouteCtx, customer: Obj | null): Instrument {
  const source = ctx.p.values["source"];
  if (customer !== null) {
    const customerId = String(customer["id"]);
    // A customer's card is named by its id; a card hash only charges without a customer.
    if (source !== undefined && source !== null && typeof source !== "string") {
      throw invalid("Invalid string: source", { param: "source", code: "parameter_invalid_string" });
    }
    const cardId = typeof source === "string" ? source : str(customer, "default_source");
    if (cardId === null) {
      throw new StripeError(402, {
        type: "card_error",
        code: "missing",
        param: "card",
        message: "Cannot charge a customer that has no active card",
        doc_url: "https://stripe.com/docs/error-codes/missing",
      });
    }
    const card = ctx.store.get(ctx.account, cardId);
    if (!card || card["object"] !== "card" || card["customer"] !== customerId) {
      throw invalid(`Customer ${customerId} does not have a linked source with ID ${cardId}.`, {
        param: "source",
        code: "missing",
        status: 404,
      });
    }
    return cardInstrument(ctx, card, ctx.store.bookkeeping(ctx.account, cardId).pan ?? "4242424242424242");
  }
  if (typeof source === "string") {
    // A card_… id is only chargeable with its customer; alone, Stripe looks it up as a token.
    if (!source.startsWith("tok_")) throw noSuch("token", source, "source");
    const used = consumeToken(ctx, source, "source");
    const card = { ...used.card, customer: null };
    return cardInstrument(ctx, card, used.details.number);
  }
  if (source !== null && typeof source === "object") {
    const s = source as Record<string, unknown>;
    if (s["number"] !== undefined) assertRawCardDataAccess(ctx);
    const details = cardDetails(
      {
        number: String(s["number"] ?? ""),
        exp_month: Number(s["exp_month"]),
        exp_year: Number(s["exp_year"]),
      },
      "source",
    );
    const name = typeof s["name"] === "string" ? s["name"] : null;
    const card = { ...legacyCard(newId("card", 24), details, { name }, null), customer: null };
    return cardInstrument(ctx, card, details.number);
  }
  throw invalid("Must provide source or customer.", { code: "parameter_missing" });
}

function shippingOf(s: P | null | undefined): Obj | null {
  if (!s) return null;
  const a = s.obj("address");
  const address: Obj = {};
  for (const k of ["city", "country", "line1", "line2", "postal_code", "state"])
    address[k] = a?.str(k) ?? null;
  const out: Obj = { address };
  for (const k of ["carrier", "name", "phone", "tracking_number"]) out[k] = s.str(k) ?? null;
  return out;
}

/** A card charge's descriptor: the account's prefix and the suffix (else `statement_descriptor`). */
function calculatedDescriptor(ctx: Ctx, suffix: string | null): string {
  const prefix = (ctx.world.accounts.get(ctx.account)?.branding.display_name ?? "EMULATOR").toUpperCase();
  return (suffix ? `${prefix}* ${suffix}` : prefix).slice(0, 22);
}

/**
 * `POST /v1/charges`: charges a card directly, with no PaymentIntent (`payment_intent: null`, the
 * card as `source` and `payment_method`). A decline stores the failed charge, emits
 * `charge.failed` and answers 402 with the charge's id.
 */
function createLegacyCharge(ctx: RouteCtx): HandlerResult {
  const p = ctx.p;
  const amount = p.int("amount");
  if (amount === undefined || amount === null) throw missingParam("amount");
  const currency = checkCurrency(p.reqStr("currency"));
  checkChargeAmount(amount, currency);
  const customerId = p.str("customer") ?? null;
  const customer = customerId ? findCustomer(ctx, customerId, "customer") : null;
  const inst = legacyInstrument(ctx, customer);
  const behaviour = behaviourOf(inst.pan);
  const decline = behaviour.threeDS !== "none" ? AUTHENTICATION_REQUIRED : behaviour.charge;
  const capture = p.bool("capture") !== false;
  const suffix = p.str("statement_descriptor_suffix") ?? p.str("statement_descriptor") ?? null;
  const details: Obj = {
    amount,
    currency,
    customer: customerId,
    description: p.str("description") ?? null,
    metadata: mergeMetadata({}, p.meta("metadata")),
    receipt_email: p.str("receipt_email") ?? null,
    shipping: shippingOf(p.obj("shipping")),
    statement_descriptor: p.str("statement_descriptor") ?? null,
    statement_descriptor_suffix: p.str("statement_descriptor_suffix") ?? null,
    transfer_group: p.str("transfer_group") ?? null,
    application_fee_amount: p.int("application_fee_amount") ?? null,
  };
  const charge: Obj = {
    ...buildCharge(ctx, details, inst, { decline, capture, threeDS: false }),
    calculated_statement_descriptor: calculatedDescriptor(ctx, suffix),
    on_behalf_of: p.str("on_behalf_of") ?? null,
    payment_intent: null,
  };
  saveCharge(ctx, charge);
  if (decline) {
    emit(ctx, ctx.account, "charge.failed", charge);
    const error: Obj = { ...declineBody(decline), charge: charge["id"], request_log_url: null };
    return { status: 402, body: { error } };
  }
  emit(ctx, ctx.account, "charge.succeeded", charge);
  return { body: charge };
}

/** Captures an uncaptured charge, all of it or `amount`; the rest is released (see refunds). */
function captureCharge(ctx: RouteCtx): Obj {
  const charge = findCharge(ctx, ctx.path["id"] ?? "");
  const id = String(charge["id"]);
  if (charge["captured"] === true) {
    throw invalid(`Charge ${id} has already been captured.`, { code: "charge_already_captured" });
  }
  if (charge["status"] !== "succeeded") {
    throw invalid(`Charge ${id} has a status of ${String(charge["status"])} and cannot be captured.`, {
      code: "charge_not_capturable",
    });
  }
  const authorized = num(charge, "amount");
  const amount = ctx.p.int("amount") ?? authorized;
  if (amount > authorized) {
    throw invalid(`The amount to capture must be at most the charge's amount (${authorized}).`, {
      param: "amount",
      code: "amount_too_large",
    });
  }
  checkChargeAmount(amount, String(charge["currency"]));
  // As for PaymentIntents: the uncaptured remainder is reported as refunded, and is not refundable.
  const released = authorized - amount;
  const next: Obj = {
    ...charge,
    captured: true,
    amount_captured: amount,
    amount_refunded: released,
    balance_transaction: newId("txn", 24),
  };
  for (const k of [
    "receipt_email",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_group",
  ]) {
    if (ctx.p.has(k)) next[k] = ctx.p.str(k) ?? null;
  }
  saveCharge(ctx, next);
  ctx.store.noteBookkeeping(ctx.account, String(next["id"]), { released });
  emit(ctx, ctx.account, "charge.captured", next, {
    amount_captured: 0,
    amount_refunded: charge["amount_refunded"],
    balance_transaction: null,
    captured: false,
  });
  return next;
}

export const chargeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/charges/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: findCharge(ctx, ctx.path["id"] ?? "") }),
  },
  {
    method: "POST",
    path: "/v1/charges/:id",
    spec: {
      description: "string",
      metadata: "metadata",
      receipt_email: "string",
      shipping: "any",
      fraud_details: "any",
      transfer_group: "string",
      expand: "strings",
    },
    handler: (ctx) => {
      const ch = findCharge(ctx, ctx.path["id"] ?? "");
      const next: Obj = { ...ch };
      if (ctx.p.has("description")) next["description"] = ctx.p.str("description") ?? null;
      if (ctx.p.has("receipt_email")) next["receipt_email"] = ctx.p.str("receipt_email") ?? null;
      if (ctx.p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(ch), ctx.p.meta("metadata"));
      saveCharge(ctx, next);
      const previous: Obj = {};
      for (const k of ["description", "receipt_email", "metadata"]) {
        if (JSON.stringify(next[k]) !== JSON.stringify(ch[k])) previous[k] = ch[k] ?? null;
      }
      if (Object.keys(previous).length > 0) emit(ctx, ctx.account, "charge.updated", next, previous);
      return { body: next };
    },
  },
  {
    method: "GET",
    path: "/v1/charges",
    spec: { ...S.list, customer: "string", payment_intent: "string", transfer_group: "string" },
    handler: (ctx) => {
      const customer = ctx.p.str("customer");
      const pi = ctx.p.str("payment_intent");
      return {
        body: listStored(
          ctx,
          "/v1/charges",
          ctx.p,
          {
            accounts: [ctx.account],
            type: "charge",
            ...(customer ? { customer } : {}),
            ...(pi ? { k1: pi } : {}),
          },
          "charge",
        ),
      };
    },
  },
  {
    method: "POST",
    path: "/v1/charges",
    spec: {
      amount: "int",
      application_fee: "int",
      application_fee_amount: "int",
      capture: "bool",
      currency: "string",
      customer: "string",
      description: "string",
      destination: "any",
      expand: "strings",
      metadata: "metadata",
      on_behalf_of: "string",
      radar_options: "any",
      receipt_email: "string",
      shipping: {
        address: S.address,
        carrier: "string",
        name: "string",
        phone: "string",
        tracking_number: "string",
      },
      source: "any",
      statement_descriptor: "string",
      statement_descriptor_suffix: "string",
      transfer_data: "any",
      transfer_group: "string",
    },
    handler: createLegacyCharge,
  },
  {
    method: "POST",
    path: "/v1/charges/:id/capture",
    spec: {
      amount: "int",
      application_fee: "int",
      application_fee_amount: "int",
      expand: "strings",
      receipt_email: "string",
      statement_descriptor: "string",
      statement_descriptor_suffix: "string",
      transfer_data: "any",
      transfer_group: "string",
    },
    handler: (ctx) => ({ body: captureCharge(ctx) }),
  },
];
