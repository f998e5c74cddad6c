import type Stripe from "stripe";
import type { Ctx } from "./context.js";
import { type NewIntentBase, inStripeOrder, sharedIntentFields } from "./intents.js";
import { docUrl, invalid, noSuch } from "./errors.js";
import { newId } from "../ids.js";
import type { Bookkeeping, Obj } from "../store/db.js";
import { assertUsable, attachPaymentMethod, panOf, resolvePaymentMethod } from "./paymentMethods.js";
import { behaviourOf, declineBody, type Decline } from "./cards.js";
import { emit } from "./events.js";
import { threeDSNextAction } from "./payments.js";
import type { Found } from "./lookup.js";
import { str } from "./render.js";

/**
 * The SetupIntent state machine: requires_payment_method → requires_confirmation → (requires_action
 * for cards that ask for 3-D Secure) → succeeded, or canceled. Setting a card up verifies it (test
 * cards that decline when saved decline here) and attaches it to the intent's customer. No money
 * moves, so unlike PaymentIntents there is no charge.
 */

export function setupIntentIndex(o: Obj): { type: string; customer: string | null; k1: string | null } {
  return { type: "setup_intent", customer: str(o, "customer"), k1: str(o, "payment_method") };
}

export function saveSetupIntent(ctx: Ctx, si: Obj, bookkeeping?: Bookkeeping): void {
  ctx.store.put(ctx.account, si, setupIntentIndex(si), bookkeeping);
}

export interface NewSetupIntent extends NewIntentBase {
  usage?: string;
  /** True when the caller chose the types (legacy `payment_method_types` or the allowed list). */
  explicitTypes?: boolean;
  /** The Checkout Session that owns the intent (the API refuses to confirm or cancel it). */
  checkoutSession?: string | null;
}

/** Builds and stores a SetupIntent in the acting account; emits `setup_intent.created`. */
export function createSetupIntent(ctx: Ctx, n: NewSetupIntent): Obj {
  const si = inStripeOrder({
    ...sharedIntentFields(ctx, "seti", n, n.explicitTypes === true),
    object: "setup_intent",
    cancellation_reason: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    mandate: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    single_use_mandate: null,
    usage: n.usage ?? "off_session",
  } satisfies Stripe.SetupIntent);
  saveSetupIntent(ctx, si, n.checkoutSession ? { checkoutSession: n.checkoutSession } : undefined);
  emit(ctx, ctx.account, "setup_intent.created", si);
  return si;
}

export interface SetupOutcome {
  si: Obj;
  /** Set when the card was declined: the 402 body Stripe returns (with `setup_intent`). */
  error?: Obj;
}

export interface SetupConfirmOptions {
  returnUrl?: string | null;
  useStripeSdk?: boolean;
  /**
   * Called once the card is set up and the intent has no customer: returns the customer to attach
   * it to (Checkout's `customer_creation: always` creates one only after a successful setup).
   */
  ensureCustomer?: () => string | null;
  /** `allow_redisplay` given to the card when it is attached (Checkout's setup mode: `always`). */
  allowRedisplay?: string;
}

function declineError(decline: Decline, si: Obj, pm: Obj): Obj {
  const err: Obj = declineBody(decline);
  err["payment_method"] = pm;
  err["request_log_url"] = null;
  err["setup_intent"] = si;
  return err;
}

function fail(ctx: Ctx, si: Obj, pm: Obj, decline: Decline): SetupOutcome {
  const lastError = declineError(decline, {}, pm);
  delete lastError["setup_intent"];
  delete lastError["request_log_url"];
  const next: Obj = {
    ...si,
    status: "requires_payment_method",
    payment_method: null,
    next_action: null,
    last_setup_error: lastError,
    latest_attempt: newId("setatt", 24),
  };
  saveSetupIntent(ctx, next);
  emit(ctx, ctx.account, "setup_intent.setup_failed", next);
  return { si: next, error: declineError(decline, next, pm) };
}

/** The card is verified (after any 3DS step): attach it to the customer and succeed. */
function settle(ctx: Ctx, si: Obj, pm: Found, opts: SetupConfirmOptions): SetupOutcome {
  let customer = str(si, "customer");
  if (customer === null && opts.ensureCustomer) customer = opts.ensureCustomer();
  if (customer !== null && (str(pm.obj, "customer") !== customer || opts.allowRedisplay !== undefined)) {
    attachPaymentMethod(ctx, pm, customer, "customer", opts.allowRedisplay);
  }
  const next: Obj = {
    ...si,
    customer,
    status: "succeeded",
    payment_method: pm.obj["id"],
    next_action: null,
    last_setup_error: null,
    latest_attempt: newId("setatt", 24),
  };
  saveSetupIntent(ctx, next);
  emit(ctx, ctx.account, "setup_intent.succeeded", next);
  return { si: next };
}

export function setupChallengeUrl(ctx: Ctx, si: Obj): string {
  return `${ctx.baseUrl}/_emulator/3ds/${String(si["id"])}?client_secret=${encodeURIComponent(String(si["client_secret"]))}`;
}

const CONFIRMABLE = new Set(["requires_payment_method", "requires_confirmation", "requires_action"]);

function resolveCard(ctx: Ctx, si: Obj): Found {
  const pmId = str(si, "payment_method");
  if (!pmId) {
    throw invalid(
      "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.",
      { code: "setup_intent_unexpected_state", param: "payment_method" },
    );
  }
  const pm = resolvePaymentMethod(ctx, pmId, "payment_method");
  // Setting up a bank account (mandate, microdeposits on the SetupIntent) is not modelled: refuse
  // it loudly rather than pretend the account was verified.
  if (pm.obj["type"] !== "card") {
    throw invalid(
      `The emulator sets up card PaymentMethods only (got ${String(pm.obj["type"])}); save a bank account with a PaymentIntent's setup_future_usage or by attaching it.`,
      { param: "payment_method", code: "payment_method_unsupported_type" },
    );
  }
  assertUsable(ctx, pm, "payment_method");
  const owner = str(pm.obj, "customer");
  const customer = str(si, "customer");
  if (owner !== null && customer !== null && owner !== customer) {
    throw invalid("The provided PaymentMethod was previously attached to a different Customer.", {
      param: "payment_method",
      code: "payment_method_unexpected_state",
    });
  }
  return pm;
}

/** Confirms a SetupIntent: 3DS when the card asks for it, then the card's verification (or its decline). */
export function confirmSetupIntent(ctx: Ctx, si: Obj, opts: SetupConfirmOptions = {}): SetupOutcome {
  const status = String(si["status"]);
  if (!CONFIRMABLE.has(status)) {
    throw invalid(
      `You cannot confirm this SetupIntent because it has a status of ${status}. Only a SetupIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
      { code: "setup_intent_unexpected_state" },
    );
  }
  const pm = resolveCard(ctx, si);
  // A PaymentMethod minted from a test id (pm_card_visa) gets its real id on the intent.
  const withPm: Obj = { ...si, payment_method: pm.obj["id"] };
  const behaviour = behaviourOf(panOf(ctx, pm));
  if (behaviour.attach) return fail(ctx, withPm, pm.obj, behaviour.attach);
  // Setting a card up is an on-session, customer-present step: every 3DS test card challenges here
  // (a completed challenge goes to settle directly, see authenticateSetupIntent).
  if (behaviour.threeDS !== "none") {
    const url = setupChallengeUrl(ctx, si);
    const nextAction = threeDSNextAction(url, opts);
    const next: Obj = {
      ...withPm,
      status: "requires_action",
      next_action: nextAction,
      last_setup_error: null,
    };
    saveSetupIntent(ctx, next);
    emit(ctx, ctx.account, "setup_intent.requires_action", next);
    return { si: next };
  }
  return settle(ctx, withPm, pm, opts);
}

/** Completes the 3-D Secure challenge of a `requires_action` SetupIntent (the emulator's challenge page). */
export function authenticateSetupIntent(
  ctx: Ctx,
  si: Obj,
  success: boolean,
  opts: SetupConfirmOptions = {},
): SetupOutcome {
  if (si["status"] !== "requires_action") {
    throw invalid(`This SetupIntent is not awaiting authentication (status: ${String(si["status"])}).`, {
      code: "setup_intent_unexpected_state",
    });
  }
  const pm = resolveCard(ctx, si);
  if (!success) {
    const next: Obj = {
      ...si,
      status: "requires_payment_method",
      next_action: null,
      payment_method: null,
      latest_attempt: newId("setatt", 24),
      last_setup_error: {
        code: "setup_intent_authentication_failure",
        doc_url: docUrl("setup_intent_authentication_failure"),
        message: "The latest attempt to set up the payment method has failed because authentication failed.",
        payment_method: pm.obj,
        type: "invalid_request_error",
      },
    };
    saveSetupIntent(ctx, next);
    emit(ctx, ctx.account, "setup_intent.setup_failed", next);
    return { si: next };
  }
  return settle(ctx, si, pm, opts);
}

const CANCELABLE = CONFIRMABLE;

/** Cancels an unfinished SetupIntent; emits `setup_intent.canceled`. */
export function cancelSetupIntent(ctx: Ctx, si: Obj, reason: string | null): Obj {
  const status = String(si["status"]);
  if (!CANCELABLE.has(status)) {
    throw invalid(
      `You cannot cancel this SetupIntent because it has a status of ${status}. Only a SetupIntent with one of the following statuses may be canceled: requires_payment_method, requires_confirmation, requires_action.`,
      { code: "setup_intent_unexpected_state" },
    );
  }
  const next: Obj = { ...si, status: "canceled", cancellation_reason: reason, next_action: null };
  saveSetupIntent(ctx, next);
  emit(ctx, ctx.account, "setup_intent.canceled", next);
  return next;
}

export function findSetupIntent(ctx: Ctx, id: string, param = "id"): Obj {
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "setup_intent") throw noSuch("setup_intent", id, param);
  return o;
}
