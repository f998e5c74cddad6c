import type { Ctx } from "./context.js";
import { docUrl, invalid } from "./errors.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { assertUsable, attachPaymentMethod } from "./paymentMethods.js";
import { confirmBankDebit } from "./bankDebits.js";
import { isBankAccount } from "./bankAccounts.js";
import { behaviourOf, declineBody, type Decline } from "./cards.js";
import { emit } from "./events.js";
import { str } from "./render.js";
import {
  type ConfirmOutcome,
  type Instrument,
  buildCharge,
  resolveInstrument,
  saveCharge,
} from "./charges.js";
import { savePaymentIntent } from "./paymentIntents.js";

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
  err["payment_intent"] = pi;
  if (pm) err["payment_method"] = pm;
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
  savePaymentIntent(ctx, next);
  // A new attempt authenticates again.
  ctx.store.noteBookkeeping(ctx.account, String(next["id"]), { authenticated: undefined });
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
      ctx.store.noteBookkeeping(inst.found.account, inst.id, { consumed: true });
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
    err.body["payment_intent"] = pi;
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
  if (inst.kind === "payment_method") assertUsable(ctx, inst.found, "payment_method");
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
  if (needs3ds && ctx.store.bookkeeping(ctx.account, String(pi["id"])).authenticated !== true) {
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
        payment_method: inst.found.obj,
        type: "invalid_request_error",
      },
    };
    savePaymentIntent(ctx, next);
    emit(ctx, ctx.account, "payment_intent.payment_failed", next);
    return { pi: next };
  }
  ctx.store.noteBookkeeping(ctx.account, String(pi["id"]), { authenticated: true });
  return settle(ctx, pi, inst, true);
}
