import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authenticateCheckoutSession, checkoutPageView, confirmCheckoutSession } from "../domain/checkout.js";
import { sessionIdFromSecret, type CheckoutResult, type ConfirmInput } from "../domain/checkoutSessions.js";
import { DEFAULT_API_VERSION, type Ctx } from "../domain/context.js";
import { noSuch, type StripeError } from "../domain/errors.js";
import { newId, nowSeconds } from "../ids.js";
import type { ControlEnv } from "./env.js";
import type { Obj } from "../store/db.js";
import { threeDSPage } from "./threeDSPage.js";
import { authenticateIntent } from "../domain/payments.js";
import { authenticateSetupIntent, findSetupIntent } from "../domain/setupIntents.js";
import { findIntent } from "../domain/paymentIntents.js";
import { invalid } from "../domain/errors.js";

const cardSchema = z.object({
  number: z.string().min(1),
  exp_month: z.coerce.number().int(),
  exp_year: z.coerce.number().int(),
  cvc: z.string().optional(),
  name: z.string().optional(),
  country: z.string().optional(),
  postal_code: z.string().optional(),
});

const confirmSchema = z.object({
  client_secret: z.string().min(1),
  payment_method: z.string().startsWith("pm_").optional(),
  card: cardSchema.optional(),
  email: z.string().email().optional(),
  save_payment_method: z.boolean().optional(),
});

const authenticateSchema = z.object({ client_secret: z.string().min(1), success: z.boolean() });

/** Runs domain code as the owner account of `objectId`, in one transaction, then wakes the webhook loop. */
export function runAsOwner<T>(emu: ControlEnv, objectId: string, kind: string, fn: (ctx: Ctx) => T): T {
  const owner = emu.store.findById(objectId).find((r) => r.obj["object"] === kind);
  if (!owner) throw noSuch(kind, objectId);
  const ctx: Ctx = {
    store: emu.store,
    world: emu.world,
    account: owner.account,
    keyAccount: owner.account,
    publishable: false,
    apiVersion: DEFAULT_API_VERSION,
    requestId: newId("req", 14),
    idempotencyKey: null,
    baseUrl: emu.url,
    now: nowSeconds(),
    emitted: 0,
  };
  const out = emu.store.tx(() => fn(ctx));
  if (ctx.emitted > 0) emu.deliverer.kick();
  return out;
}

/** A body the control route cannot use: Stripe's 400, naming the fields zod refused. */
function badRequest(error: z.ZodError): StripeError {
  return invalid(error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
}

function present(result: CheckoutResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    status: result.status,
    session: result.session,
    payment_intent: result.payment_intent ? result.payment_intent : null,
  };
  if (result.setup_intent) out["setup_intent"] = result.setup_intent;
  if (result.status === "complete") out["already_complete"] = result.already_complete;
  if (result.status === "requires_action") out["challenge"] = result.challenge;
  if (result.status === "declined" || result.status === "authentication_failed") out["error"] = result.error;
  return out;
}

export function registerCheckoutControlRoutes(app: FastifyInstance, emu: ControlEnv): void {
  app.get("/_emulator/checkout/sessions/by-secret/:secret", async (req) => {
    const { secret } = req.params as { secret: string };
    return runAsOwner(emu, sessionIdFromSecret(secret), "checkout.session", (ctx) =>
      checkoutPageView(ctx, secret),
    );
  });

  app.post("/_emulator/checkout/sessions/:id/confirm", async (req, reply) => {
    const { id } = req.params as { id: string };
    const parsed = confirmSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    const input: ConfirmInput = { client_secret: parsed.data.client_secret };
    if (parsed.data.payment_method) input.payment_method = parsed.data.payment_method;
    if (parsed.data.card) {
      const { cvc, name, country, postal_code, ...card } = parsed.data.card;
      input.card = {
        ...card,
        ...(cvc ? { cvc } : {}),
        ...(name ? { name } : {}),
        ...(country ? { country } : {}),
        ...(postal_code ? { postal_code } : {}),
      };
    }
    if (parsed.data.email) input.email = parsed.data.email;
    if (parsed.data.save_payment_method !== undefined)
      input.save_payment_method = parsed.data.save_payment_method;
    const result = runAsOwner(emu, id, "checkout.session", (ctx) => confirmCheckoutSession(ctx, id, input));
    if (result.status === "declined") void reply.code(402);
    return present(result);
  });

  app.post("/_emulator/checkout/sessions/:id/authenticate", async (req, reply) => {
    const { id } = req.params as { id: string };
    const parsed = authenticateSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    const result = runAsOwner(emu, id, "checkout.session", (ctx) =>
      authenticateCheckoutSession(ctx, id, parsed.data.client_secret, parsed.data.success),
    );
    if (result.status === "declined") void reply.code(402);
    return present(result);
  });

  app.post("/_emulator/payment_intents/:id/authenticate", async (req, reply) => {
    const { id } = req.params as { id: string };
    const parsed = authenticateSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    return runAsOwner(emu, id, "payment_intent", (ctx) => {
      const pi = ctx.store.get(ctx.account, id) as Obj;
      if (pi["client_secret"] !== parsed.data.client_secret) throw noSuch("payment_intent", id);
      const sessionId = ctx.store.bookkeeping(ctx.account, id).checkoutSession ?? null;
      const session = sessionId ? ctx.store.get(ctx.account, sessionId) : undefined;
      const attempt = sessionId
        ? ctx.store.bookkeeping(ctx.account, sessionId).attemptPaymentIntent
        : undefined;
      if (sessionId && session && session["status"] === "open" && attempt === id) {
        // A Checkout payment: completing its challenge completes the session too.
        const result = authenticateCheckoutSession(
          ctx,
          sessionId,
          String(session["client_secret"]),
          parsed.data.success,
        );
        if (result.status === "declined") {
          void reply.code(402);
          return { error: result.error };
        }
        return result.payment_intent ?? pi;
      }
      const outcome = authenticateIntent(ctx, findIntent(ctx, id), parsed.data.success);
      if (outcome.error) {
        void reply.code(402);
        return { error: outcome.error };
      }
      return outcome.pi;
    });
  });

  // Hosted Checkout is not emulated: its `url` explains how to complete the session instead of 404ing.
  app.get("/_emulator/checkout/pay/:id", async (req, reply) => {
    const { id } = req.params as { id: string };
    void reply.type("text/html; charset=utf-8");
    const safe = id.replace(/[^A-Za-z0-9_]/g, "");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hosted Checkout (Stripe emulator)</title></head><body><main><h1>Hosted Checkout is not emulated</h1><p>Session <code>${safe}</code>. Use <code>ui_mode: embedded_page</code>, or complete it with <code>POST /_emulator/checkout/sessions/${safe}/confirm</code>.</p></main></body></html>`;
  });

  app.post("/_emulator/setup_intents/:id/authenticate", async (req) => {
    const { id } = req.params as { id: string };
    const parsed = authenticateSchema.safeParse(req.body);
    if (!parsed.success) throw badRequest(parsed.error);
    return runAsOwner(emu, id, "setup_intent", (ctx) => {
      const si = ctx.store.get(ctx.account, id) as Obj;
      if (si["client_secret"] !== parsed.data.client_secret) throw noSuch("setup_intent", id);
      const sessionId = ctx.store.bookkeeping(ctx.account, id).checkoutSession ?? null;
      const session = sessionId ? ctx.store.get(ctx.account, sessionId) : undefined;
      if (sessionId && session && session["status"] === "open") {
        // A setup-mode Checkout Session's card: completing its challenge completes the session too.
        const result = authenticateCheckoutSession(
          ctx,
          sessionId,
          String(session["client_secret"]),
          parsed.data.success,
        );
        return result.setup_intent ?? si;
      }
      return authenticateSetupIntent(ctx, findSetupIntent(ctx, id), parsed.data.success).si;
    });
  });

  app.get("/_emulator/3ds/:id", async (req, reply) => {
    const { id } = req.params as { id: string };
    const q = req.query as Record<string, unknown>;
    const secret = typeof q["client_secret"] === "string" ? q["client_secret"] : "";
    const owner = emu.store
      .findById(id)
      .find((r) => r.obj["object"] === "payment_intent" || r.obj["object"] === "setup_intent");
    if (!owner || owner.obj["client_secret"] !== secret) {
      void reply.code(404).type("text/plain");
      return "No such intent";
    }
    const next = owner.obj["next_action"] as Obj | null;
    const redirect = next?.["redirect_to_url"] as Obj | undefined;
    const isSetup = owner.obj["object"] === "setup_intent";
    void reply.type("text/html; charset=utf-8");
    return threeDSPage({
      kind: isSetup ? "setup_intent" : "payment_intent",
      intent: id,
      clientSecret: secret,
      amount: isSetup ? null : Number(owner.obj["amount"]),
      currency: isSetup ? null : String(owner.obj["currency"]),
      returnUrl: typeof redirect?.["return_url"] === "string" ? redirect["return_url"] : null,
    });
  });
}
