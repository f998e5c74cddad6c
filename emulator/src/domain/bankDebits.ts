import type { Ctx, HandlerResult } from "./context.js";
import type { P } from "./params.js";
import type { Obj } from "../store/db.js";
import type { Found } from "./lookup.js";
import { newId, randomToken } from "../ids.js";
import { type AchFailure, FAILURES, STAYS_PROCESSING, SUCCESS } from "./bankAccounts.js";
import { buildCharge, saveCharge, type ConfirmOutcome, type Instrument } from "./charges.js";
import { docUrl, invalid, noSuch, type ErrorBody } from "./errors.js";
import { emit } from "./events.js";
import { savePaymentIntent } from "./paymentIntents.js";
import { attachPaymentMethod } from "./paymentMethods.js";
import { objAt, str } from "./render.js";

// ---- Debits -------------------------------------------------------------------------------------

const INCOMPATIBLE =
  'The PaymentMethod provided (us_bank_account) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: card. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "us_bank_account".';

const NO_MANDATE =
  "This PaymentIntent requires a mandate, but no existing mandate was found. Collect mandate acceptance from the customer and try again, providing acceptance data in the mandate_data parameter.";

/** ACH debits are usd only; explicit type lists must name us_bank_account, automatic ones offer it. */
function assertBankAllowed(pi: Obj): void {
  const automatic = objAt(pi, "automatic_payment_methods")?.["enabled"] === true;
  const explicit = [
    ...((pi["allowed_payment_method_types"] as string[] | null) ?? []),
    ...((pi["payment_method_types"] as string[] | null) ?? []),
  ];
  const allowed = automatic || explicit.includes("us_bank_account");
  if (!allowed || pi["currency"] !== "usd") {
    throw invalid(INCOMPATIBLE, {
      param: "payment_method",
      code: "payment_intent_incompatible_payment_method",
    });
  }
}

function accountNumberOf(ctx: Ctx, pm: Found): string {
  return ctx.store.bookkeeping(pm.account, String(pm.obj["id"])).accountNumber ?? SUCCESS;
}

function bankCharge(ctx: Ctx, pi: Obj, inst: Instrument, mandate: string): Obj {
  const base = buildCharge(ctx, pi, inst, { decline: null, capture: true, threeDS: false });
  const bank = objAt(inst.found.obj, "us_bank_account") ?? {};
  return {
    ...base,
    paid: false,
    status: "pending",
    receipt_url: null,
    payment_method_details: {
      type: "us_bank_account",
      us_bank_account: {
        account_holder_type: bank["account_holder_type"] ?? null,
        account_type: bank["account_type"] ?? null,
        bank_name: bank["bank_name"] ?? null,
        expected_debit_date: new Date(ctx.now * 1000).toISOString().slice(0, 10),
        fingerprint: bank["fingerprint"] ?? null,
        last4: bank["last4"] ?? null,
        mandate,
        payment_reference: null,
        routing_number: bank["routing_number"] ?? null,
      },
    },
  };
}

/**
 * Starts the debit: the intent goes `processing` with a `pending` charge. Test mode settles at
 * once (Stripe: "Test transactions settle instantly"), so the outcome of the account number is
 * applied in the same step; the caller answers with the `processing` intent, as Stripe does.
 */
function startDebit(ctx: Ctx, pi: Obj, inst: Instrument, mandate: string): ConfirmOutcome {
  const pm = inst.found.obj;
  const charge = bankCharge(ctx, pi, inst, mandate);
  saveCharge(ctx, charge);
  const processing: Obj = {
    ...pi,
    status: "processing",
    latest_charge: charge["id"],
    last_payment_error: null,
    next_action: null,
    payment_method: inst.id,
  };
  const customer = str(processing, "customer");
  if (customer !== null && processing["setup_future_usage"] && pm["customer"] === null) {
    attachPaymentMethod(ctx, inst.found, customer, "customer");
  } else if (pm["customer"] === null) {
    // Stripe: a PaymentMethod used without being attached to a Customer cannot be used again.
    ctx.store.noteBookkeeping(inst.found.account, inst.id, { consumed: true });
  }
  savePaymentIntent(ctx, processing);
  emit(ctx, ctx.account, "payment_intent.processing", processing);
  emit(ctx, ctx.account, "charge.pending", charge);

  const number = accountNumberOf(ctx, inst.found);
  if (number === STAYS_PROCESSING) return { pi: processing };
  const failure = FAILURES[number];
  if (failure) {
    const failed: Obj = {
      ...charge,
      status: "failed",
      captured: false,
      amount_captured: 0,
      balance_transaction: null,
      failure_code: failure.code,
      failure_message: failure.message,
      outcome: {
        advice_code: null,
        network_advice_code: null,
        network_decline_code: null,
        network_status: "declined_by_network",
        reason: null,
        risk_level: "normal",
        risk_score: 20,
        seller_message: failure.message,
        type: "issuer_declined",
      },
    };
    saveCharge(ctx, failed);
    emit(ctx, ctx.account, "charge.failed", failed);
    const next: Obj = {
      ...processing,
      status: "requires_payment_method",
      payment_method: null,
      last_payment_error: {
        code: failure.code,
        doc_url: docUrl(failure.code),
        message: failure.message,
        payment_method: pm,
        type: "invalid_request_error",
      },
    };
    savePaymentIntent(ctx, next);
    emit(ctx, ctx.account, "payment_intent.payment_failed", next);
    return { pi: processing };
  }
  const succeeded: Obj = { ...charge, status: "succeeded", paid: true };
  saveCharge(ctx, succeeded);
  emit(ctx, ctx.account, "charge.succeeded", succeeded);
  const done: Obj = { ...processing, status: "succeeded", amount_received: Number(pi["amount"]) };
  savePaymentIntent(ctx, done);
  emit(ctx, ctx.account, "payment_intent.succeeded", done);
  return { pi: processing };
}

/**
 * Confirms an intent with a us_bank_account PaymentMethod of the acting account: a mandate is
 * required (from `mandate_data`, or one recorded earlier for the PaymentMethod), and a manually
 * entered account must be verified with microdeposits before its first debit.
 */
export function confirmBankDebit(
  ctx: Ctx,
  pi: Obj,
  inst: Instrument,
  opts: { mandateData?: boolean },
): ConfirmOutcome {
  assertBankAllowed(pi);
  const pm = inst.found.obj;
  const pmNotes = ctx.store.bookkeeping(inst.found.account, inst.id);
  let mandate = pmNotes.mandate ?? null;
  if (mandate === null) {
    if (opts.mandateData !== true) {
      const waiting: Obj = { ...pi, status: "requires_confirmation", payment_method: inst.id };
      savePaymentIntent(ctx, waiting);
      const error: ErrorBody = { type: "invalid_request_error", message: NO_MANDATE };
      error["payment_intent"] = waiting;
      return { pi: waiting, error, status: 400 };
    }
    mandate = newId("mandate", 24);
    // A mandate for a saved (or to-be-saved) bank account covers its later debits too.
    if (pm["customer"] !== null || pi["setup_future_usage"]) {
      ctx.store.noteBookkeeping(inst.found.account, inst.id, { mandate });
    }
  }
  if (pmNotes.verified !== true) {
    const next: Obj = {
      ...pi,
      status: "requires_action",
      payment_method: inst.id,
      last_payment_error: null,
      next_action: {
        type: "verify_with_microdeposits",
        verify_with_microdeposits: {
          arrival_date: ctx.now + 86400,
          hosted_verification_url: `https://payments.stripe.com/microdeposit/pacs_test_${randomToken(32)}`,
          microdeposit_type: "amounts",
        },
      },
    };
    savePaymentIntent(ctx, next);
    ctx.store.noteBookkeeping(ctx.account, String(next["id"]), { mandate });
    emit(ctx, ctx.account, "payment_intent.requires_action", next);
    return { pi: next };
  }
  return startDebit(ctx, pi, inst, mandate);
}

// ---- Microdeposit verification ------------------------------------------------------------------

type Scenario = "verified" | "attempts_exceeded" | "timeout" | "mismatch";

/** Stripe's test microdeposits: 32/45 or SM11AA verify, 10/11 or SM33CC exhaust the attempts, 40/41 or SM44DD time out. */
function scenarioOf(amounts: number[] | undefined, code: string | undefined): Scenario {
  const key = amounts ? amounts.join(",") : (code ?? "");
  if (key === "32,45" || key === "SM11AA") return "verified";
  if (key === "10,11" || key === "SM33CC") return "attempts_exceeded";
  if (key === "40,41" || key === "SM44DD") return "timeout";
  return "mismatch";
}

const FAILED_VERIFICATION: Record<"attempts_exceeded" | "timeout", AchFailure> = {
  attempts_exceeded: {
    code: "payment_method_microdeposit_verification_attempts_exceeded",
    message: "You have exceeded the number of allowed verification attempts.",
  },
  timeout: {
    code: "payment_method_microdeposit_verification_timeout",
    message:
      "Payment method should be verified with microdeposits within the required period. Please provide a new payment method.",
  },
};

function intAmounts(p: P): number[] | undefined {
  const raw = p.values["amounts"];
  return Array.isArray(raw) ? (raw as unknown[]).map(Number) : undefined;
}

/** `POST /v1/payment_intents/:id/verify_microdeposits` on an intent of the acting account. */
export function verifyIntentMicrodeposits(ctx: Ctx, id: string, p: P): HandlerResult {
  const pi = ctx.store.get(ctx.account, id);
  if (!pi || pi["object"] !== "payment_intent") throw noSuch("payment_intent", id);
  const amounts = intAmounts(p);
  const code = p.str("descriptor_code") ?? undefined;
  if (amounts && code) {
    throw invalid("You may only specify one of these parameters: amounts, descriptor_code.", {
      param: "descriptor_code",
    });
  }
  if (!amounts && !code) {
    throw invalid("You must provide either amounts or descriptor_code to verify microdeposits.", {
      param: "amounts",
      code: "parameter_missing",
    });
  }
  if (
    pi["status"] !== "requires_action" ||
    objAt(pi, "next_action")?.["type"] !== "verify_with_microdeposits"
  ) {
    throw invalid(
      `This PaymentIntent is not awaiting microdeposit verification (status: ${String(pi["status"])}).`,
      { code: "payment_intent_unexpected_state" },
    );
  }
  if (amounts && amounts.length !== 2) {
    throw invalid("Exactly two microdeposit amounts must be provided.", {
      param: "amounts",
      code: "payment_method_microdeposit_verification_amounts_invalid",
    });
  }
  const scenario = scenarioOf(amounts, code);
  if (scenario === "mismatch") {
    throw amounts
      ? invalid("The amounts provided do not match the amounts that were sent to the bank account.", {
          param: "amounts",
          code: "payment_method_microdeposit_verification_amounts_mismatch",
        })
      : invalid("The descriptor code provided does not match the one sent to the bank account.", {
          param: "descriptor_code",
          code: "payment_method_microdeposit_verification_descriptor_code_mismatch",
        });
  }
  const pmId = String(pi["payment_method"]);
  const stored = ctx.store.get(ctx.account, pmId);
  if (!stored) throw noSuch("payment_method", pmId, "payment_method");
  const found: Found = { account: ctx.account, obj: stored };
  if (scenario !== "verified") {
    const failure = FAILED_VERIFICATION[scenario];
    const next: Obj = {
      ...pi,
      status: "requires_payment_method",
      payment_method: null,
      next_action: null,
      last_payment_error: {
        code: failure.code,
        doc_url: docUrl(failure.code),
        message: failure.message,
        payment_method: stored,
        type: "invalid_request_error",
      },
    };
    savePaymentIntent(ctx, next);
    ctx.store.noteBookkeeping(ctx.account, String(next["id"]), { mandate: undefined });
    emit(ctx, ctx.account, "payment_intent.payment_failed", next);
    const error: ErrorBody = {
      type: "invalid_request_error",
      code: failure.code,
      doc_url: docUrl(failure.code),
      message: failure.message,
      payment_intent: next,
    };
    return { status: 400, body: { error } };
  }
  ctx.store.noteBookkeeping(found.account, pmId, { verified: true });
  const piId = String(pi["id"]);
  const mandate = ctx.store.bookkeeping(ctx.account, piId).mandate ?? newId("mandate", 24);
  ctx.store.noteBookkeeping(ctx.account, piId, { mandate: undefined });
  const inst: Instrument = { id: pmId, kind: "payment_method", pan: "", found };
  return { body: startDebit(ctx, pi, inst, mandate).pi };
}
