import type Stripe from "stripe";
import type { Ctx, HandlerResult } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, missingParam } from "../domain/errors.js";
import { listStored } from "../http/list.js";
import { mergeMetadata, type P } from "../domain/params.js";
import { S, type Spec } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { checkChargeAmount, checkCurrency } from "../domain/currencies.js";
import { emit } from "../domain/events.js";
import { paymentMethodTypesOf } from "../domain/paymentMethodTypes.js";
import { assertConfirmable, confirmIntent } from "../domain/payments.js";
import { resolveInstrument, saveCharge, type ConfirmOutcome } from "../domain/charges.js";
import { savePaymentIntent, type NewIntent, createIntent, findIntent } from "../domain/paymentIntents.js";
import { checkClientSecret, errorView, intentView } from "../domain/clientSecret.js";
import { metadataOf, storedPart, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import {
  confirmationTokenOf,
  spendConfirmationToken,
  tokenPaymentMethod,
  type TokenInputs,
} from "./confirmationTokens.js";
import { findCustomer } from "../domain/lookup.js";
import { paymentMethodDataSpec } from "./paymentMethods.js";
import { paymentMethodOf } from "../domain/paymentMethods.js";
import { searchResult } from "./search.js";

const shipping = {
  address: S.address,
  carrier: "string",
  name: "string",
  phone: "string",
  tracking_number: "string",
} as const satisfies Spec;

const CONFIRM_FIELDS = {
  payment_method: "string",
  payment_method_data: paymentMethodDataSpec,
  payment_method_options: "any",
  payment_method_types: "strings",
  return_url: "string",
  off_session: "any",
  setup_future_usage: "string",
  receipt_email: "string",
  error_on_requires_action: "bool",
  use_stripe_sdk: "bool",
  mandate: "string",
  mandate_data: "any",
  shipping,
  capture_method: "string",
  confirmation_token: "string",
  radar_options: "any",
  expand: "strings",
} as const satisfies Record<string, Spec>;

const CREATE_FIELDS = {
  ...CONFIRM_FIELDS,
  amount: "int",
  currency: "string",
  confirm: "bool",
  customer: "string",
  customer_account: "string",
  automatic_payment_methods: { enabled: "bool", allow_redirects: "string" },
  confirmation_method: "string",
  description: "string",
  metadata: "metadata",
  on_behalf_of: "string",
  application_fee_amount: "int",
  transfer_data: { destination: "string", amount: "int" },
  transfer_group: "string",
  statement_descriptor: "string",
  statement_descriptor_suffix: "string",
  excluded_payment_method_types: "strings",
  allowed_payment_method_types: "strings",
  payment_method_configuration: "string",
  amount_details: "any",
  payment_details: "any",
  hooks: "any",
} as const satisfies Record<string, Spec>;

function offSession(p: P): boolean {
  const v = p.values["off_session"];
  if (v === undefined || v === null || v === "false" || v === false) return false;
  if (v === "true" || v === "one_off" || v === "recurring" || v === true) return true;
  throw invalid("Invalid off_session: must be a boolean, `one_off` or `recurring`.", {
    param: "off_session",
  });
}

function respond(ctx: Ctx, outcome: ConfirmOutcome): HandlerResult {
  if (outcome.error)
    return {
      status: outcome.status ?? 402,
      body: { error: errorView(ctx, "payment_intent", outcome.error) },
    };
  return { body: intentView(ctx, "payment_intent", outcome.pi) };
}

/** Confirm options: the request's own, else the ConfirmationToken's (the request takes precedence). */
function confirmOptions(p: P, token: TokenInputs | null): Parameters<typeof confirmIntent>[2] {
  return {
    offSession: offSession(p),
    returnUrl: p.str("return_url") ?? token?.returnUrl ?? null,
    useStripeSdk: p.bool("use_stripe_sdk") ?? token?.useStripeSdk ?? false,
    errorOnRequiresAction: p.bool("error_on_requires_action") === true,
    mandateData: p.has("mandate_data") && p.values["mandate_data"] !== null,
  };
}

/** A ConfirmationToken fills what the request leaves out: the PaymentMethod, setup_future_usage, shipping. */
function applyToken(ctx: Ctx, pi: Obj, p: P, token: TokenInputs): Obj {
  const next: Obj = { ...pi };
  if (!p.has("payment_method") && !p.has("payment_method_data")) {
    next["payment_method"] = resolveInstrument(ctx, tokenPaymentMethod(ctx, token), str(pi, "customer")).id;
  }
  if (!p.has("setup_future_usage") && token.setupFutureUsage !== null)
    next["setup_future_usage"] = token.setupFutureUsage;
  if (!p.has("shipping") && token.shipping !== null) next["shipping"] = token.shipping;
  return next;
}

function transferDataOf(p: P): NewIntent["transferData"] {
  const t = p.obj("transfer_data");
  if (!t) return null;
  const destination = t.str("destination");
  if (!destination) throw missingParam("transfer_data[destination]");
  return { destination, amount: t.int("amount") ?? null };
}

function shippingOf(p: P): Stripe.PaymentIntent.Shipping | null | undefined {
  const s = p.obj("shipping");
  if (s === undefined) return undefined;
  if (s === null) return null;
  // Stripe requires both.
  const a = s.obj("address");
  if (!a) throw missingParam("shipping[address]");
  const name = s.str("name");
  if (!name) throw missingParam("shipping[name]");
  return {
    address: {
      city: a.str("city") ?? null,
      country: a.str("country") ?? null,
      line1: a.str("line1") ?? null,
      line2: a.str("line2") ?? null,
      postal_code: a.str("postal_code") ?? null,
      state: a.str("state") ?? null,
    },
    carrier: s.str("carrier") ?? null,
    name,
    phone: s.str("phone") ?? null,
    tracking_number: s.str("tracking_number") ?? null,
  };
}

function applyConfirmParams(ctx: Ctx, pi: Obj, p: P): Obj {
  const types = paymentMethodTypesOf(ctx, p);
  const next: Obj = { ...pi };
  if (types.legacy) next["payment_method_types"] = types.legacy;
  if (types.allowed) next["allowed_payment_method_types"] = types.allowed;
  if (types.explicit) next["automatic_payment_methods"] = null;
  const pm = paymentMethodOf(ctx, p, (id) => resolveInstrument(ctx, id, str(pi, "customer")).id);
  if (pm) next["payment_method"] = pm;
  if (p.has("setup_future_usage")) next["setup_future_usage"] = p.str("setup_future_usage") ?? null;
  if (p.has("receipt_email")) next["receipt_email"] = p.str("receipt_email") ?? null;
  if (p.has("capture_method")) next["capture_method"] = p.str("capture_method") ?? "automatic_async";
  const sh = shippingOf(p);
  if (sh !== undefined) next["shipping"] = sh;
  return next;
}

function create(ctx: RouteCtx): HandlerResult {
  const p = ctx.p;
  // The API reference: `off_session` may be used "only when confirm=true".
  if (offSession(p) && p.bool("confirm") !== true) {
    throw invalid("You can only use `off_session` when `confirm` is `true`.", { param: "off_session" });
  }
  if (p.has("confirmation_token") && p.bool("confirm") !== true) {
    throw invalid("You can only use `confirmation_token` when `confirm` is `true`.", {
      param: "confirmation_token",
    });
  }
  const amount = p.reqInt("amount");
  const currency = checkCurrency(p.reqStr("currency"));
  checkChargeAmount(amount, currency);
  const types = paymentMethodTypesOf(ctx, p);
  const customer = p.str("customer") ?? null;
  if (customer) findCustomer(ctx, customer, "customer");
  const pm = paymentMethodOf(ctx, p, (id) => resolveInstrument(ctx, id, customer).id) ?? null;
  const n: NewIntent = {
    amount,
    currency,
    customer,
    paymentMethod: pm,
    description: p.str("description") ?? null,
    metadata: mergeMetadata({}, p.meta("metadata")),
    setupFutureUsage: p.str("setup_future_usage") ?? null,
    receiptEmail: p.str("receipt_email") ?? null,
    paymentMethodTypes: types.legacy,
    allowedTypes: types.allowed,
    shipping: shippingOf(p) ?? null,
    statementDescriptor: p.str("statement_descriptor") ?? null,
    statementDescriptorSuffix: p.str("statement_descriptor_suffix") ?? null,
    transferGroup: p.str("transfer_group") ?? null,
    applicationFeeAmount: p.int("application_fee_amount") ?? null,
    onBehalfOf: p.str("on_behalf_of") ?? null,
    transferData: transferDataOf(p),
  };
  const capture = p.str("capture_method");
  if (capture) n.captureMethod = capture;
  const token = confirmationTokenOf(ctx, p);
  if (token) {
    const filled = applyToken(
      ctx,
      { customer, payment_method: pm, setup_future_usage: n.setupFutureUsage, shipping: n.shipping },
      p,
      token,
    );
    n.paymentMethod = str(filled, "payment_method");
    n.setupFutureUsage = str(filled, "setup_future_usage");
    n.shipping = storedPart<Stripe.PaymentIntent.Shipping>(filled, "shipping");
  }
  const pi = createIntent(ctx, n);
  if (p.bool("confirm") !== true) return { body: pi };
  if (token) spendConfirmationToken(ctx, token, "payment_intent", String(pi["id"]));
  return respond(ctx, confirmIntent(ctx, pi, confirmOptions(p, token)));
}

function confirm(ctx: RouteCtx): HandlerResult {
  const p = ctx.p;
  const found = findIntent(ctx, ctx.path["id"] ?? "");
  checkClientSecret(ctx, "payment_intent", found, p, false);
  assertConfirmable(found);
  const token = confirmationTokenOf(ctx, p);
  let pi = applyConfirmParams(ctx, found, p);
  if (token) {
    pi = applyToken(ctx, pi, p, token);
    spendConfirmationToken(ctx, token, "payment_intent", String(pi["id"]));
  }
  return respond(ctx, confirmIntent(ctx, pi, confirmOptions(p, token)));
}

function update(ctx: RouteCtx): Obj {
  const p = ctx.p;
  const pi = findIntent(ctx, ctx.path["id"] ?? "");
  if (pi["status"] === "succeeded" || pi["status"] === "canceled") {
    throw invalid(`This PaymentIntent's status is ${String(pi["status"])} and cannot be updated.`, {
      code: "payment_intent_unexpected_state",
    });
  }
  const next = applyConfirmParams(ctx, pi, p);
  const amount = p.int("amount");
  const currency = p.str("currency");
  if (currency) next["currency"] = checkCurrency(currency);
  if (typeof amount === "number") next["amount"] = amount;
  if (typeof amount === "number" || currency)
    checkChargeAmount(Number(next["amount"]), String(next["currency"]));
  if (p.has("customer")) {
    const c = p.str("customer");
    if (c) findCustomer(ctx, c, "customer");
    next["customer"] = c ?? null;
  }
  for (const k of ["description", "statement_descriptor", "statement_descriptor_suffix", "transfer_group"]) {
    if (p.has(k)) next[k] = p.str(k) ?? null;
  }
  if (p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(pi), p.meta("metadata"));
  if (next["status"] === "requires_payment_method" && next["payment_method"])
    next["status"] = "requires_confirmation";
  savePaymentIntent(ctx, next);
  return next;
}

function cancel(ctx: RouteCtx): Obj {
  const pi = findIntent(ctx, ctx.path["id"] ?? "");
  const status = String(pi["status"]);
  if (status === "succeeded" || status === "canceled") {
    throw invalid(
      `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  const next: Obj = {
    ...pi,
    status: "canceled",
    canceled_at: ctx.now,
    cancellation_reason: ctx.p.str("cancellation_reason") ?? null,
    next_action: null,
    amount_capturable: 0,
  };
  savePaymentIntent(ctx, next);
  emit(ctx, ctx.account, "payment_intent.canceled", next);
  return next;
}

function capture(ctx: RouteCtx): Obj {
  const pi = findIntent(ctx, ctx.path["id"] ?? "");
  if (pi["status"] !== "requires_capture") {
    throw invalid(
      `This PaymentIntent could not be captured because it has a status of ${String(pi["status"])}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  const capturable = Number(pi["amount_capturable"]);
  const amount = ctx.p.int("amount_to_capture") ?? capturable;
  if (amount > capturable || amount < 1) {
    throw invalid(`The amount to capture must be between 1 and ${capturable}.`, {
      param: "amount_to_capture",
      code: "amount_too_large",
    });
  }
  const chargeId = String(pi["latest_charge"]);
  const charge = ctx.store.get(ctx.account, chargeId);
  if (charge) {
    // Stripe releases the uncaptured remainder and reports it as refunded; it is not money
    // that a later refund can return, so the charge remembers how much of it there was.
    const released = Number(charge["amount"]) - amount;
    const ch: Obj = {
      ...charge,
      captured: true,
      amount_captured: amount,
      amount_refunded: released,
      balance_transaction: newId("txn", 24),
    };
    saveCharge(ctx, ch);
    ctx.store.noteBookkeeping(ctx.account, chargeId, { released });
    emit(ctx, ctx.account, "charge.captured", ch, { captured: false, amount_captured: 0 });
  }
  const next: Obj = { ...pi, status: "succeeded", amount_received: amount, amount_capturable: 0 };
  savePaymentIntent(ctx, next);
  emit(ctx, ctx.account, "payment_intent.succeeded", next);
  return next;
}

export const paymentIntentRoutes: Route[] = [
  { method: "POST", path: "/v1/payment_intents", spec: CREATE_FIELDS, handler: create },
  {
    method: "GET",
    path: "/v1/payment_intents/search",
    spec: { query: "string", limit: "int", page: "string", expand: "strings" },
    handler: (ctx) => ({ body: searchResult(ctx, ctx.p, "payment_intent", "/v1/payment_intents/search") }),
  },
  {
    method: "GET",
    path: "/v1/payment_intents/:id",
    spec: { client_secret: "string", expand: "strings" },
    publishable: true,
    handler: (ctx) => {
      const pi = findIntent(ctx, ctx.path["id"] ?? "");
      checkClientSecret(ctx, "payment_intent", pi, ctx.p, true);
      return { body: intentView(ctx, "payment_intent", pi) };
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id",
    spec: {
      ...CONFIRM_FIELDS,
      amount: "int",
      currency: "string",
      customer: "string",
      description: "string",
      metadata: "metadata",
      statement_descriptor: "string",
      statement_descriptor_suffix: "string",
      transfer_group: "string",
      application_fee_amount: "int",
      transfer_data: "any",
      allowed_payment_method_types: "strings",
      excluded_payment_method_types: "strings",
      payment_method_configuration: "string",
    },
    handler: (ctx) => ({ body: update(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/confirm",
    // `client_secret` is for publishable keys only (a secret key's is refused as unknown).
    spec: { ...CONFIRM_FIELDS, client_secret: "string" },
    publishable: true,
    handler: confirm,
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/cancel",
    spec: { cancellation_reason: "string", expand: "strings" },
    handler: (ctx) => ({ body: cancel(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/capture",
    spec: {
      amount_to_capture: "int",
      application_fee_amount: "int",
      final_capture: "bool",
      metadata: "metadata",
      statement_descriptor: "string",
      statement_descriptor_suffix: "string",
      expand: "strings",
    },
    handler: (ctx) => ({ body: capture(ctx) }),
  },
  {
    method: "GET",
    path: "/v1/payment_intents",
    spec: { ...S.list, customer: "string", customer_account: "string" },
    handler: (ctx) => {
      const customer = ctx.p.str("customer");
      return {
        body: listStored(
          ctx,
          "/v1/payment_intents",
          ctx.p,
          { accounts: [ctx.account], type: "payment_intent", ...(customer ? { customer } : {}) },
          "payment_intent",
        ),
      };
    },
  },
];
