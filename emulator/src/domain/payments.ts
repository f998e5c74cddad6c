import type { Ctx } from "./context.js";
import { docUrl, invalid, noSuch } from "./errors.js";
import { newId, randomToken } from "../ids.js";
import type { Obj } from "../store/db.js";
import {
  assertUsable,
  attachPaymentMethod,
  panOf,
  resolvePaymentMethod,
  savePaymentMethod,
} from "../resources/paymentMethods.js";
import { confirmBankDebit, isBankAccount } from "./bankAccounts.js";
import { behaviourOf, declineBody, type Decline } from "./cards.js";
import { emit } from "./events.js";
import type { Found } from "./lookup.js";
import { clean, objAt, str } from "./render.js";

/** What a PaymentIntent charges: a PaymentMethod (`pm_…`, possibly org-shared) or a legacy card source (`card_…`). */
export interface Instrument {
  id: string;
  kind: "payment_method" | "card";
  pan: string;
  found: Found;
}

export function piIndex(o: Obj): { type: string; customer: string | null } {
  return { type: "payment_intent", customer: str(o, "customer") };
}

export function savePaymentIntent(ctx: Ctx, pi: Obj): void {
  ctx.store.put(ctx.account, pi, piIndex(pi));
}

export function saveCharge(ctx: Ctx, ch: Obj): void {
  ctx.store.put(ctx.account, ch, {
    type: "charge",
    customer: str(ch, "customer"),
    k1: str(ch, "payment_intent"),
  });
}

/** Resolves `payment_method` for a PaymentIntent in the acting account (`card_…` must belong to `customer`). */
export function resolveInstrument(
  ctx: Ctx,
  id: string,
  customer: string | null,
  param = "payment_method",
): Instrument {
  if (id.startsWith("card_") || id.startsWith("src_")) {
    const card = ctx.store.get(ctx.account, id);
    if (!card || card["object"] !== "card") throw noSuch("payment_method", id, param);
    if (customer === null || card["customer"] !== customer) {
      throw invalid(
        `The source ${id} does not belong to the customer; pass the customer that owns it as 'customer'.`,
        {
          param,
          code: "resource_missing",
        },
      );
    }
    return {
      id,
      kind: "card",
      pan: str(card, "__pan") ?? "4242424242424242",
      found: { account: ctx.account, obj: card },
    };
  }
  const found = resolvePaymentMethod(ctx, id, param);
  return { id: String(found.obj["id"]), kind: "payment_method", pan: panOf(found.obj), found };
}

function cardFacts(inst: Instrument): {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  country: string;
  funding: string;
  fingerprint: string | null;
} {
  const o = inst.found.obj;
  const c = inst.kind === "card" ? o : (objAt(o, "card") ?? {});
  const brand =
    inst.kind === "card"
      ? inst.pan.startsWith("4")
        ? "visa"
        : String(c["brand"]).toLowerCase().replace("american express", "amex")
      : String(c["brand"]);
  return {
    brand,
    last4: String(c["last4"]),
    exp_month: Number(c["exp_month"]),
    exp_year: Number(c["exp_year"]),
    country: String(c["country"] ?? "US"),
    funding: String(c["funding"] ?? "credit"),
    fingerprint: str(c, "fingerprint"),
  };
}

function billingOf(inst: Instrument): Obj {
  if (inst.kind === "payment_method") return objAt(inst.found.obj, "billing_details") ?? {};
  const o = inst.found.obj;
  return {
    address: {
      city: o["address_city"] ?? null,
      country: o["address_country"] ?? null,
      line1: o["address_line1"] ?? null,
      line2: o["address_line2"] ?? null,
      postal_code: o["address_zip"] ?? null,
      state: o["address_state"] ?? null,
    },
    email: null,
    name: o["name"] ?? null,
    phone: null,
    tax_id: null,
  };
}

function descriptor(ctx: Ctx): string {
  const name = ctx.world.accounts.get(ctx.account)?.branding.display_name ?? "EMULATOR";
  return name.toUpperCase().slice(0, 22);
}

/** A card charge for `pi`'s amount and details; legacy charges pass the same fields without an intent. */
export function buildCharge(
  ctx: Ctx,
  pi: Obj,
  inst: Instrument,
  outcome: { decline: Decline | null; capture: boolean; threeDS: boolean },
): Obj {
  const card = cardFacts(inst);
  const amount = Number(pi["amount"]);
  const ok = outcome.decline === null;
  const id = newId("ch", 24);
  return {
    id,
    object: "charge",
    amount,
    amount_captured: ok && outcome.capture ? amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: pi["application_fee_amount"] ?? null,
    balance_transaction: ok && outcome.capture ? newId("txn", 24) : null,
    billing_details: billingOf(inst),
    calculated_statement_descriptor: descriptor(ctx),
    captured: ok && outcome.capture,
    created: ctx.now,
    currency: pi["currency"],
    customer: pi["customer"] ?? null,
    description: pi["description"] ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: outcome.decline?.code ?? null,
    failure_message: outcome.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: pi["metadata"] ?? {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: ok ? "approved_by_network" : "declined_by_network",
      reason: ok ? null : (outcome.decline?.decline_code ?? "generic_decline"),
      risk_level: "normal",
      risk_score: 20,
      seller_message: ok
        ? "Payment complete."
        : "The bank did not return any further details with this decline.",
      type: ok ? "authorized" : "issuer_declined",
    },
    paid: ok,
    payment_intent: pi["id"],
    payment_method: inst.id,
    payment_method_details: {
      card: {
        amount_authorized: ok ? amount : null,
        authorization_code: ok ? String(100000 + Math.floor(Math.random() * 899999)) : null,
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
        country: card.country,
        electronic_commerce_indicator: outcome.threeDS ? "05" : null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        extended_authorization: { status: "disabled" },
        fingerprint: card.fingerprint,
        funding: card.funding,
        incremental_authorization: { status: "unavailable" },
        installments: null,
        last4: card.last4,
        mandate: null,
        multicapture: { status: "unavailable" },
        network: card.brand,
        network_token: { used: false },
        network_transaction_id: randomToken(15),
        overcapture: { maximum_amount_capturable: amount, status: "unavailable" },
        regulated_status: "unregulated",
        three_d_secure: outcome.threeDS
          ? {
              authentication_flow: "challenge",
              electronic_commerce_indicator: "05",
              result: "authenticated",
              result_reason: null,
              transaction_id: randomToken(24),
              version: "2.2.0",
            }
          : null,
        // Stripe sends null when the card network returns no transaction link id (Mastercard's TLID);
        // the emulator has no network to return one.
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },
    radar_options: {},
    receipt_email: pi["receipt_email"] ?? null,
    receipt_number: null,
    receipt_url: ok ? `https://pay.stripe.com/receipts/emulator/${ctx.account}/${id}` : null,
    refunded: false,
    review: null,
    shipping: pi["shipping"] ?? null,
    source: inst.kind === "card" ? clean(inst.found.obj) : null,
    source_transfer: null,
    statement_descriptor: pi["statement_descriptor"] ?? null,
    statement_descriptor_suffix: pi["statement_descriptor_suffix"] ?? null,
    status: ok ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: pi["transfer_group"] ?? null,
  };
}

export interface ConfirmOutcome {
  pi: Obj;
  /** Set when the confirmation failed with a card error: the 402 body Stripe returns. */
  error?: Obj;
  /** The status to answer `error` with, when it is not a card error's 402. */
  status?: number;
}

export interface ConfirmOptions {
  offSession?: boolean;
  returnUrl?: string | null;
  useStripeSdk?: boolean;
  errorOnRequiresAction?: boolean;
  /** Whether the confirmation carries `mandate_data` (bank debits need a mandate). */
  mandateData?: boolean;
}

function declineError(decline: Decline, pi: Obj, pm: Obj | null, chargeId: string | null): Obj {
  const err: Obj = declineBody(decline);
  if (chargeId) err["charge"] = chargeId;
  err["payment_intent"] = clean(pi);
  if (pm) err["payment_method"] = clean(pm);
  err["request_log_url"] = null;
  return err;
}

function fail(
  ctx: Ctx,
  pi: Obj,
  inst: Instrument,
  decline: Decline,
  chargeId: string | null,
): ConfirmOutcome {
  const lastError = declineError(decline, {}, inst.found.obj, chargeId);
  delete lastError["payment_intent"];
  delete lastError["request_log_url"];
  const next: Obj = {
    ...pi,
    status: "requires_payment_method",
    payment_method: null,
    next_action: null,
    last_payment_error: lastError,
    latest_charge: chargeId ?? pi["latest_charge"] ?? null,
  };
  delete next["__authenticated"];
  savePaymentIntent(ctx, next);
  emit(ctx, ctx.account, "payment_intent.payment_failed", next);
  return { pi: next, error: declineError(decline, next, inst.found.obj, chargeId) };
}

/** Charges the intent's instrument (after any 3DS step) and moves the status machine. */
function settle(ctx: Ctx, pi: Obj, inst: Instrument, threeDS: boolean): ConfirmOutcome {
  const behaviour = behaviourOf(inst.pan);
  const capture = pi["capture_method"] !== "manual";
  const decline = behaviour.charge;
  const charge = buildCharge(ctx, pi, inst, { decline, capture, threeDS });
  saveCharge(ctx, charge);
  if (decline) {
    emit(ctx, ctx.account, "charge.failed", charge);
    return fail(ctx, pi, inst, decline, String(charge["id"]));
  }
  const amount = Number(pi["amount"]);
  const next: Obj = {
    ...pi,
    status: capture ? "succeeded" : "requires_capture",
    amount_received: capture ? amount : 0,
    amount_capturable: capture ? 0 : amount,
    latest_charge: charge["id"],
    last_payment_error: null,
    next_action: null,
    payment_method: inst.id,
  };
  const customer = str(next, "customer");
  if (inst.kind === "payment_method") {
    if (customer !== null && next["setup_future_usage"] && inst.found.obj["customer"] === null) {
      attachPaymentMethod(ctx, inst.found, customer, "customer");
    } else if (inst.found.obj["customer"] === null) {
      // Stripe: a PaymentMethod used without being attached to a Customer cannot be used again.
      savePaymentMethod(ctx, inst.found.account, { ...inst.found.obj, __consumed: true });
    }
  }
  savePaymentIntent(ctx, next);
  emit(ctx, ctx.account, "charge.succeeded", charge);
  emit(
    ctx,
    ctx.account,
    capture ? "payment_intent.succeeded" : "payment_intent.amount_capturable_updated",
    next,
  );
  return { pi: next };
}

/** A 3D Secure step: a redirect when the confirm gave a return_url (and no Stripe.js), else Stripe.js's own. */
export function threeDSNextAction(
  url: string,
  opts: { returnUrl?: string | null; useStripeSdk?: boolean },
): Obj {
  const returnUrl = opts.returnUrl ?? null;
  return returnUrl && !opts.useStripeSdk
    ? { type: "redirect_to_url", redirect_to_url: { return_url: returnUrl, url } }
    : {
        type: "use_stripe_sdk",
        use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: url, source: newId("src", 24) },
      };
}

export function challengeUrl(ctx: Ctx, pi: Obj): string {
  return `${ctx.baseUrl}/_emulator/3ds/${String(pi["id"])}?client_secret=${encodeURIComponent(String(pi["client_secret"]))}`;
}

const CONFIRMABLE = new Set(["requires_payment_method", "requires_confirmation", "requires_action"]);

/** Refuses to confirm an intent past confirmation, with the intent in the error as Stripe sends it. */
export function assertConfirmable(pi: Obj): void {
  const status = String(pi["status"]);
  if (!CONFIRMABLE.has(status)) {
    const err = invalid(
      status === "succeeded"
        ? "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
        : `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
      { code: "payment_intent_unexpected_state" },
    );
    // Stripe's unexpected-state errors carry the intent, as its declines do.
    err.body["payment_intent"] = clean(pi);
    throw err;
  }
}

/** Confirms a PaymentIntent: 3DS step when the card asks for it, then the charge (or its decline). */
export function confirmIntent(ctx: Ctx, pi: Obj, opts: ConfirmOptions): ConfirmOutcome {
  assertConfirmable(pi);
  const pmId = str(pi, "payment_method");
  if (!pmId) {
    throw invalid(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with cus_…, specify a payment method attached to this customer along with the customer ID.",
      { code: "payment_intent_unexpected_state", param: "payment_method" },
    );
  }
  const inst = resolveInstrument(ctx, pmId, str(pi, "customer"));
  if (inst.kind === "payment_method") assertUsable(inst.found.obj, "payment_method");
  if (inst.kind === "payment_method") {
    const owner = str(inst.found.obj, "customer");
    const customer = str(pi, "customer");
    if (owner !== null && customer !== null && owner !== customer) {
      throw invalid("The provided PaymentMethod was previously attached to a different Customer.", {
        param: "payment_method",
        code: "payment_method_unexpected_state",
      });
    }
  }
  if (inst.kind === "payment_method" && isBankAccount(inst.found.obj)) {
    return confirmBankDebit(ctx, pi, inst, { mandateData: opts.mandateData === true });
  }
  const behaviour = behaviourOf(inst.pan);
  const offSession = opts.offSession === true;
  const needs3ds = behaviour.threeDS === "required" || (behaviour.threeDS === "on_setup" && !offSession);
  if (needs3ds && pi["__authenticated"] !== true) {
    if (offSession || opts.errorOnRequiresAction) {
      return fail(
        ctx,
        pi,
        inst,
        {
          code: "authentication_required",
          decline_code: "authentication_required",
          message: "Your card was declined. This transaction requires authentication.",
        },
        null,
      );
    }
    const url = challengeUrl(ctx, pi);
    const nextAction = threeDSNextAction(url, opts);
    const next: Obj = {
      ...pi,
      status: "requires_action",
      next_action: nextAction,
      payment_method: inst.id,
      last_payment_error: null,
    };
    savePaymentIntent(ctx, next);
    emit(ctx, ctx.account, "payment_intent.requires_action", next);
    return { pi: next };
  }
  return settle(ctx, pi, inst, needs3ds);
}

/** Completes the 3-D Secure challenge of a `requires_action` intent (the emulator's challenge page). */
export function authenticateIntent(ctx: Ctx, pi: Obj, success: boolean): ConfirmOutcome {
  if (pi["status"] !== "requires_action") {
    throw invalid(`This PaymentIntent is not awaiting authentication (status: ${String(pi["status"])}).`, {
      code: "payment_intent_unexpected_state",
    });
  }
  const inst = resolveInstrument(ctx, String(pi["payment_method"]), str(pi, "customer"));
  if (!success) {
    const next: Obj = {
      ...pi,
      status: "requires_payment_method",
      next_action: null,
      payment_method: null,
      last_payment_error: {
        code: "payment_intent_authentication_failure",
        doc_url: docUrl("payment_intent_authentication_failure"),
        message:
          "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
        payment_method: clean(inst.found.obj),
        type: "invalid_request_error",
      },
    };
    savePaymentIntent(ctx, next);
    emit(ctx, ctx.account, "payment_intent.payment_failed", next);
    return { pi: next };
  }
  return settle(ctx, { ...pi, __authenticated: true }, inst, true);
}
