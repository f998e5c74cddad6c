import type Stripe from "stripe";
import { newId, randomToken } from "../ids.js";
import type { Obj } from "../store/db.js";
import type { Decline } from "./cards.js";
import type { Ctx } from "./context.js";
import { invalid, noSuch } from "./errors.js";
import type { Found } from "./lookup.js";
import { panOf, resolvePaymentMethod } from "./paymentMethods.js";
import { metadataOf, numOrNull, objAt, storedAs, storedPart, str } from "./render.js";

/** Charges as stored objects: what a payment charges (its instrument), how a charge is built, found and saved. */

/** What a PaymentIntent charges: a PaymentMethod (`pm_…`, possibly org-shared) or a legacy card source (`card_…`). */
export interface Instrument {
  id: string;
  kind: "payment_method" | "card";
  pan: string;
  found: Found;
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
      pan: ctx.store.bookkeeping(ctx.account, id).pan ?? "4242424242424242",
      found: { account: ctx.account, obj: card },
    };
  }
  const found = resolvePaymentMethod(ctx, id, param);
  return { id: String(found.obj["id"]), kind: "payment_method", pan: panOf(ctx, found), found };
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

function billingOf(inst: Instrument): Stripe.Charge.BillingDetails {
  const o = inst.found.obj;
  if (inst.kind === "payment_method") {
    const b = storedPart<Stripe.PaymentMethod.BillingDetails>(o, "billing_details");
    if (b) return b;
  }
  return {
    address: {
      city: str(o, "address_city"),
      country: str(o, "address_country"),
      line1: str(o, "address_line1"),
      line2: str(o, "address_line2"),
      postal_code: str(o, "address_zip"),
      state: str(o, "address_state"),
    },
    email: null,
    name: str(o, "name"),
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
    application_fee_amount: numOrNull(pi, "application_fee_amount"),
    balance_transaction: ok && outcome.capture ? newId("txn", 24) : null,
    billing_details: billingOf(inst),
    calculated_statement_descriptor: descriptor(ctx),
    captured: ok && outcome.capture,
    created: ctx.now,
    currency: String(pi["currency"]),
    customer: str(pi, "customer"),
    description: str(pi, "description"),
    disputed: false,
    failure_balance_transaction: null,
    failure_code: outcome.decline?.code ?? null,
    failure_message: outcome.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: metadataOf(pi),
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
    payment_intent: str(pi, "id"),
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
          ? ({
              authentication_flow: "challenge",
              electronic_commerce_indicator: "05",
              exemption_indicator: null,
              result: "authenticated",
              result_reason: null,
              transaction_id: randomToken(24),
              version: "2.2.0",
            } satisfies Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure)
          : null,
        // Stripe sends null when the card network returns no transaction link id (Mastercard's TLID);
        // the emulator has no network to return one.
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },
    radar_options: {},
    receipt_email: str(pi, "receipt_email"),
    receipt_number: null,
    receipt_url: ok ? `https://pay.stripe.com/receipts/emulator/${ctx.account}/${id}` : null,
    refunded: false,
    review: null,
    shipping: storedPart<Stripe.Charge.Shipping>(pi, "shipping"),
    source: inst.kind === "card" ? storedAs<Stripe.Card>(inst.found.obj) : null,
    source_transfer: null,
    statement_descriptor: str(pi, "statement_descriptor"),
    statement_descriptor_suffix: str(pi, "statement_descriptor_suffix"),
    status: ok ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: str(pi, "transfer_group"),
  } satisfies Stripe.Charge;
}

export interface ConfirmOutcome {
  pi: Obj;
  /** Set when the confirmation failed with a card error: the 402 body Stripe returns. */
  error?: Obj;
  /** The status to answer `error` with, when it is not a card error's 402. */
  status?: number;
}

export function findCharge(ctx: Ctx, id: string, param = "id"): Obj {
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "charge") throw noSuch("charge", id, param);
  return o;
}
