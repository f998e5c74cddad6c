import type { Ctx } from "./context.js";
import { invalid, missingParam } from "./errors.js";
import type { Obj } from "../store/db.js";
import {
  lineItemsOf,
  saveSession,
  type CheckoutResult,
  type ConfirmInput,
  type Pending,
  cardPaymentMethod,
  checkoutEmail,
  createCheckoutCustomer,
  customerDetails,
  loadOpen,
  savedCardsFor,
  sessionIdFromSecret,
} from "./checkoutSessions.js";
import { createIntent, savePaymentIntent } from "./paymentIntents.js";
import { attachPaymentMethod } from "./paymentMethods.js";
import { emit } from "./events.js";
import { find } from "./lookup.js";
import { authenticateIntent, challengeUrl, confirmIntent } from "./payments.js";
import { saveCharge } from "./charges.js";
import { objAt, str } from "./render.js";
import { authenticateSetupSession, confirmSetupSession } from "./checkoutSetup.js";

/**
 * Completion of a payment-mode Checkout Session: what the embedded Checkout page's "Pay" does
 * (setup mode is checkoutSetup.ts). The browser page and the control API both call these
 * functions; they run inside one transaction.
 */

function finalize(ctx: Ctx, session: Obj, pi: Obj, pending: Pending): CheckoutResult {
  let customerId = str(session, "customer");
  const save = pending.save;
  if (!customerId && (session["customer_creation"] === "always" || save)) {
    customerId = createCheckoutCustomer(ctx, pending);
  }
  let intent = pi;
  if (customerId && !str(pi, "customer")) {
    intent = { ...pi, customer: customerId };
    savePaymentIntent(ctx, intent);
    const chargeId = str(pi, "latest_charge");
    const charge = chargeId ? ctx.store.get(ctx.account, chargeId) : undefined;
    if (charge) saveCharge(ctx, { ...charge, customer: customerId });
  }
  const pmId = str(intent, "payment_method");
  if (save && customerId && pmId) {
    const found = find(ctx, pmId);
    if (found && found.obj["object"] === "payment_method") {
      // The payment consumed the unattached card; saving it is part of the same Checkout step.
      ctx.store.noteBookkeeping(found.account, pmId, { consumed: undefined });
      attachPaymentMethod(ctx, found, customerId, "customer", "always");
    }
  }
  const done: Obj = {
    ...session,
    status: "complete",
    payment_status: "paid",
    payment_intent: intent["id"],
    customer: customerId,
    customer_details: customerDetails(pending),
  };
  saveSession(ctx, ctx.account, done);
  ctx.store.noteBookkeeping(ctx.account, String(done["id"]), { pending: undefined });
  emit(ctx, ctx.account, "checkout.session.completed", done);
  return { status: "complete", session: done, payment_intent: intent, already_complete: false };
}

function instrumentFor(ctx: Ctx, session: Obj, input: ConfirmInput, pending: Pending): string {
  if (input.payment_method) {
    const found = find(ctx, input.payment_method);
    const customer = str(session, "customer");
    const visible = savedCardsFor(ctx, session).some((pm) => pm["id"] === input.payment_method);
    if (!found || !customer || found.obj["customer"] !== customer || !visible) {
      throw invalid("This payment method is not available for this Checkout Session.", {
        param: "payment_method",
        code: "resource_missing",
      });
    }
    return input.payment_method;
  }
  if (!input.card) throw missingParam("card");
  return cardPaymentMethod(ctx, input.card, pending.email);
}

/**
 * Pays an open session. Declines leave it open (retry allowed); 3DS cards stop at
 * `requires_action` until `authenticateCheckoutSession`. A completed session is returned as is,
 * so a double click never pays twice.
 */
export function confirmCheckoutSession(ctx: Ctx, sessionId: string, input: ConfirmInput): CheckoutResult {
  const session = loadOpen(ctx, sessionId, input.client_secret);
  if (session["mode"] === "setup") return confirmSetupSession(ctx, session, input);
  if (session["status"] === "complete") {
    const piId = str(session, "payment_intent");
    return {
      status: "complete",
      session,
      payment_intent: piId ? (ctx.store.get(ctx.account, piId) ?? null) : null,
      already_complete: true,
    };
  }
  if (session["status"] !== "open") {
    throw invalid("This Checkout Session is no longer active (it has expired).", {
      code: "checkout_session_expired",
      status: 400,
    });
  }
  const notes = ctx.store.bookkeeping(ctx.account, String(session["id"]));
  const attemptId = notes.attemptPaymentIntent ?? null;
  const attempt = attemptId ? ctx.store.get(ctx.account, attemptId) : undefined;
  if (attempt && attempt["status"] === "requires_action") {
    return {
      status: "requires_action",
      session,
      payment_intent: attempt,
      challenge: { payment_intent: String(attempt["id"]), url: challengeUrl(ctx, attempt) },
    };
  }
  if (attempt && (attempt["status"] === "succeeded" || attempt["status"] === "requires_capture")) {
    // Paid already (e.g. the 3DS page authenticated the PaymentIntent directly): finish, never pay again.
    return finalize(ctx, session, attempt, (notes.pending ?? {}) as unknown as Pending);
  }
  const customerId = str(session, "customer");
  const email = checkoutEmail(ctx, session, input);
  const save =
    input.save_payment_method === true &&
    objAt(session, "saved_payment_method_options")?.["payment_method_save"] === "enabled";
  const pending: Pending = {
    email,
    name: input.card?.name ?? null,
    country: input.card?.country ?? null,
    postal_code: input.card?.postal_code ?? null,
    save: save && !input.payment_method,
  };
  if (input.payment_method) {
    const pm = find(ctx, input.payment_method);
    const bd = pm ? objAt(pm.obj, "billing_details") : null;
    pending.name = bd ? str(bd, "name") : null;
    const addr = bd ? objAt(bd, "address") : null;
    pending.country = addr ? str(addr, "country") : null;
    pending.postal_code = addr ? str(addr, "postal_code") : null;
  }
  const pmId = instrumentFor(ctx, session, input, pending);
  const pid = notes.paymentIntentData ?? {};
  let pi: Obj;
  if (attempt && attempt["status"] === "requires_payment_method") {
    pi = { ...attempt, payment_method: pmId, status: "requires_confirmation" };
  } else {
    const metadata = (pid["metadata"] ?? {}) as Record<string, string>;
    pi = createIntent(ctx, {
      amount: Number(session["amount_total"]),
      currency: String(session["currency"]),
      customer: customerId,
      paymentMethod: pmId,
      description: typeof pid["description"] === "string" ? pid["description"] : null,
      metadata,
      captureMethod: typeof pid["capture_method"] === "string" ? pid["capture_method"] : "automatic_async",
      setupFutureUsage: typeof pid["setup_future_usage"] === "string" ? pid["setup_future_usage"] : null,
      receiptEmail: typeof pid["receipt_email"] === "string" ? pid["receipt_email"] : null,
      paymentMethodTypes: ["card"],
      statementDescriptor:
        typeof pid["statement_descriptor"] === "string" ? pid["statement_descriptor"] : null,
      transferGroup: typeof pid["transfer_group"] === "string" ? pid["transfer_group"] : null,
      onBehalfOf: typeof pid["on_behalf_of"] === "string" ? pid["on_behalf_of"] : null,
      applicationFeeAmount:
        typeof pid["application_fee_amount"] === "number" ? pid["application_fee_amount"] : null,
      transferData: transferDataOf(pid["transfer_data"]),
    });
  }
  // The PaymentIntent remembers its session so a 3DS completion on the PaymentIntent finishes it.
  savePaymentIntent(ctx, pi);
  ctx.store.noteBookkeeping(ctx.account, String(pi["id"]), { checkoutSession: sessionId });
  ctx.store.noteBookkeeping(ctx.account, sessionId, {
    attemptPaymentIntent: String(pi["id"]),
    pending: { ...pending },
  });
  const withAttempt = session;
  const outcome = confirmIntent(ctx, pi, { useStripeSdk: true });
  if (outcome.error)
    return { status: "declined", session: withAttempt, payment_intent: outcome.pi, error: outcome.error };
  if (outcome.pi["status"] === "requires_action") {
    return {
      status: "requires_action",
      session: withAttempt,
      payment_intent: outcome.pi,
      challenge: { payment_intent: String(outcome.pi["id"]), url: challengeUrl(ctx, outcome.pi) },
    };
  }
  return finalize(ctx, withAttempt, outcome.pi, pending);
}

/** Completes (or fails) the 3-D Secure challenge of a session's pending payment. */
export function authenticateCheckoutSession(
  ctx: Ctx,
  sessionId: string,
  clientSecret: string,
  success: boolean,
): CheckoutResult {
  const session = loadOpen(ctx, sessionId, clientSecret);
  if (session["mode"] === "setup") return authenticateSetupSession(ctx, session, success);
  if (session["status"] === "complete") {
    const piId = str(session, "payment_intent");
    return {
      status: "complete",
      session,
      payment_intent: piId ? (ctx.store.get(ctx.account, piId) ?? null) : null,
      already_complete: true,
    };
  }
  const notes = ctx.store.bookkeeping(ctx.account, String(session["id"]));
  const attemptId = notes.attemptPaymentIntent ?? null;
  const attempt = attemptId ? ctx.store.get(ctx.account, attemptId) : undefined;
  if (!attempt || attempt["status"] !== "requires_action") {
    throw invalid("This Checkout Session has no payment awaiting authentication.", {
      code: "payment_intent_unexpected_state",
    });
  }
  const outcome = authenticateIntent(ctx, attempt, success);
  if (outcome.error) return { status: "declined", session, payment_intent: outcome.pi, error: outcome.error };
  if (outcome.pi["status"] !== "succeeded" && outcome.pi["status"] !== "requires_capture") {
    return {
      status: "authentication_failed",
      session,
      payment_intent: outcome.pi,
      error: (outcome.pi["last_payment_error"] ?? {}) as Obj,
    };
  }
  const pending = (notes.pending ?? {}) as unknown as Pending;
  return finalize(ctx, session, outcome.pi, pending);
}

/** What the checkout page renders: session, line items, branding, saved cards. */
export function checkoutPageView(ctx: Ctx, clientSecret: string): Obj {
  const sessionId = sessionIdFromSecret(clientSecret);
  const session = loadOpen(ctx, sessionId, clientSecret);
  const acct = ctx.world.accounts.get(ctx.account);
  const customerId = str(session, "customer");
  const customer = customerId ? ctx.store.get(ctx.account, customerId) : undefined;
  const publishable =
    acct?.publishable_key ??
    (acct?.platform ? ctx.world.accounts.get(acct.platform)?.publishable_key : undefined) ??
    null;
  return {
    session: session,
    line_items: lineItemsOf(ctx, session),
    account: {
      id: ctx.account,
      name: acct?.name ?? null,
      branding: acct?.branding ?? null,
      country: acct?.country ?? null,
      publishable_key: publishable,
    },
    customer: customer
      ? { id: customer["id"], email: customer["email"] ?? null, name: customer["name"] ?? null }
      : null,
    // Setup mode collects a new card: no saved-card list, and saving is the point (no checkbox).
    saved_payment_methods: session["mode"] === "setup" ? [] : savedCardsFor(ctx, session),
    save_payment_method_offered:
      objAt(session, "saved_payment_method_options")?.["payment_method_save"] === "enabled",
  };
}

/** `payment_intent_data.transfer_data` as the session stored it (a destination charge). */
function transferDataOf(value: unknown): { destination: string; amount: number | null } | null {
  if (!value || typeof value !== "object") return null;
  const { destination, amount } = value as Record<string, unknown>;
  if (typeof destination !== "string") return null;
  const parsed = typeof amount === "number" ? amount : typeof amount === "string" ? Number(amount) : null;
  return { destination, amount: parsed !== null && Number.isFinite(parsed) ? parsed : null };
}
