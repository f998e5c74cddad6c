import type { Ctx } from "./context.js";
import { invalid, missingParam } from "./errors.js";
import type { Obj } from "../store/db.js";
import {
  saveSession,
  cardPaymentMethod,
  checkoutEmail,
  createCheckoutCustomer,
  customerDetails,
  type CheckoutResult,
  type ConfirmInput,
  type Pending,
} from "./checkoutSessions.js";
import { emit } from "./events.js";
import { str } from "./render.js";
import {
  authenticateSetupIntent,
  confirmSetupIntent,
  setupChallengeUrl,
  type SetupConfirmOptions,
} from "./setupIntents.js";

/**
 * Completion of a setup-mode Checkout Session: what the page's "Save card" does. The session's
 * SetupIntent (created with the session) is confirmed with the typed card; on success the card is
 * attached to the session's customer (created first when `customer_creation` is `always`) with
 * `allow_redisplay: always` — Stripe's support article "Prefilling saved cards in Checkout": cards
 * saved in setup mode are saved with `always` and prefilled when the customer is passed to a
 * later session.
 */

function setupIntentOf(ctx: Ctx, session: Obj): Obj {
  const id = str(session, "setup_intent");
  const si = id ? ctx.store.get(ctx.account, id) : undefined;
  if (!si) throw invalid("This Checkout Session has no SetupIntent.", { code: "resource_missing" });
  return si;
}

function pendingOf(ctx: Ctx, session: Obj): Pending {
  return (ctx.store.bookkeeping(ctx.account, String(session["id"])).pending ?? {
    email: null,
    name: null,
    country: null,
    postal_code: null,
    save: true,
  }) as unknown as Pending;
}

function options(ctx: Ctx, session: Obj, pending: Pending): SetupConfirmOptions {
  return {
    useStripeSdk: true,
    allowRedisplay: "always",
    ensureCustomer: () =>
      session["customer_creation"] === "always" ? createCheckoutCustomer(ctx, pending) : null,
  };
}

function finalize(ctx: Ctx, session: Obj, si: Obj): CheckoutResult {
  const done: Obj = {
    ...session,
    status: "complete",
    customer: str(si, "customer"),
    customer_details: customerDetails(pendingOf(ctx, session)),
  };
  saveSession(ctx, ctx.account, done);
  ctx.store.noteBookkeeping(ctx.account, String(done["id"]), { pending: undefined });
  emit(ctx, ctx.account, "checkout.session.completed", done);
  return {
    status: "complete",
    session: done,
    payment_intent: null,
    setup_intent: si,
    already_complete: false,
  };
}

function challenge(ctx: Ctx, session: Obj, si: Obj): CheckoutResult {
  return {
    status: "requires_action",
    session,
    payment_intent: null,
    setup_intent: si,
    challenge: { setup_intent: String(si["id"]), url: setupChallengeUrl(ctx, si) },
  };
}

/** A session that is complete or expired answers the same way in both steps. */
function settled(ctx: Ctx, session: Obj): CheckoutResult | null {
  if (session["status"] === "complete") {
    const si = setupIntentOf(ctx, session);
    return { status: "complete", session, payment_intent: null, setup_intent: si, already_complete: true };
  }
  if (session["status"] !== "open") {
    throw invalid("This Checkout Session is no longer active (it has expired).", {
      code: "checkout_session_expired",
      status: 400,
    });
  }
  return null;
}

/**
 * Saves a card with an open setup-mode session. Declines leave it open (retry allowed on the same
 * SetupIntent); 3DS cards stop at `requires_action` until `authenticateSetupSession`. A completed
 * session is returned as is, so a double click never saves twice.
 */
export function confirmSetupSession(ctx: Ctx, session: Obj, input: ConfirmInput): CheckoutResult {
  const done = settled(ctx, session);
  if (done) return done;
  const si = setupIntentOf(ctx, session);
  if (si["status"] === "requires_action") return challenge(ctx, session, si);
  // Set up already (e.g. the 3DS page authenticated the SetupIntent directly): finish.
  if (si["status"] === "succeeded") return finalize(ctx, session, si);
  if (input.payment_method) {
    throw invalid("Saved cards are not offered in setup mode: enter a card.", {
      param: "payment_method",
      code: "resource_missing",
    });
  }
  if (!input.card) throw missingParam("card");
  const pending: Pending = {
    email: checkoutEmail(ctx, session, input),
    name: input.card.name ?? null,
    country: input.card.country ?? null,
    postal_code: input.card.postal_code ?? null,
    save: true,
  };
  const pmId = cardPaymentMethod(ctx, input.card, pending.email);
  ctx.store.noteBookkeeping(ctx.account, String(session["id"]), { pending: { ...pending } });
  const withPending = session;
  const outcome = confirmSetupIntent(
    ctx,
    { ...si, payment_method: pmId, status: "requires_confirmation" },
    options(ctx, withPending, pending),
  );
  if (outcome.error) {
    return {
      status: "declined",
      session: withPending,
      payment_intent: null,
      setup_intent: outcome.si,
      error: outcome.error,
    };
  }
  if (outcome.si["status"] === "requires_action") return challenge(ctx, withPending, outcome.si);
  return finalize(ctx, withPending, outcome.si);
}

/** Completes (or fails) the 3-D Secure challenge of a setup-mode session's card. */
export function authenticateSetupSession(ctx: Ctx, session: Obj, success: boolean): CheckoutResult {
  const done = settled(ctx, session);
  if (done) return done;
  const si = setupIntentOf(ctx, session);
  if (si["status"] !== "requires_action") {
    throw invalid("This Checkout Session has no card awaiting authentication.", {
      code: "setup_intent_unexpected_state",
    });
  }
  const outcome = authenticateSetupIntent(ctx, si, success, options(ctx, session, pendingOf(ctx, session)));
  if (outcome.si["status"] !== "succeeded") {
    return {
      status: "authentication_failed",
      session,
      payment_intent: null,
      setup_intent: outcome.si,
      error: (outcome.si["last_setup_error"] ?? {}) as Obj,
    };
  }
  return finalize(ctx, session, outcome.si);
}
