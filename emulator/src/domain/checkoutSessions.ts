import type { Bookkeeping, Obj } from "../store/db.js";
import { cardDetails } from "./cards.js";
import type { Ctx } from "./context.js";
import { createCustomer } from "./customers.js";
import { invalid, missingParam, noSuch } from "./errors.js";
import { emit } from "./events.js";
import { P } from "./params.js";
import { createCardPaymentMethod } from "./paymentMethods.js";
import { objAt, str } from "./render.js";
import { cancelSetupIntent } from "./setupIntents.js";

/** Checkout Sessions as stored objects, and what payment-mode and setup-mode completion share. */

export function sessionIndex(o: Obj): { type: string; customer: string | null; k1: string | null } {
  return { type: "checkout.session", customer: str(o, "customer"), k1: str(o, "payment_intent") };
}

export function saveSession(ctx: Ctx, account: string, o: Obj, bookkeeping?: Bookkeeping): void {
  ctx.store.put(account, o, sessionIndex(o), bookkeeping);
}

/** The session's line items as given at creation (a session of the acting account). */
export function lineItemsOf(ctx: Ctx, session: Obj): Obj[] {
  const items = ctx.store.bookkeeping(ctx.account, String(session["id"])).lineItems;
  return Array.isArray(items) ? (items as Obj[]) : [];
}

export function findSession(ctx: Ctx, id: string, param = "id"): Obj {
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "checkout.session") throw noSuch("checkout.session", id, param);
  return o;
}

export function expireSession(ctx: Ctx, session: Obj): Obj {
  if (session["status"] !== "open") {
    throw invalid(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of ${String(session["status"])}.`,
      {
        code: "checkout_session_unexpected_state",
      },
    );
  }
  const next: Obj = { ...session, status: "expired", client_secret: session["client_secret"], url: null };
  saveSession(ctx, ctx.account, next);
  // Expiring is how a setup-mode session's SetupIntent gets canceled (it cannot be canceled directly).
  const siId = str(session, "setup_intent");
  const si = siId ? ctx.store.get(ctx.account, siId) : undefined;
  if (si && si["status"] !== "succeeded" && si["status"] !== "canceled")
    cancelSetupIntent(ctx, si, "abandoned");
  emit(ctx, ctx.account, "checkout.session.expired", next);
  return next;
}

/** Stripe expires sessions lazily from the reader's point of view; so does the emulator. */
export function refreshExpiry(ctx: Ctx, session: Obj): Obj {
  if (session["status"] === "open" && Number(session["expires_at"]) <= ctx.now)
    return expireSession(ctx, session);
  return session;
}

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string;
  name?: string;
  country?: string;
  postal_code?: string;
}

export interface ConfirmInput {
  client_secret: string;
  /** A saved card shown on the page (must belong to the session's customer). */
  payment_method?: string;
  card?: CardInput;
  email?: string;
  save_payment_method?: boolean;
}

/** `payment_intent` in payment mode; `setup_intent` (and a null `payment_intent`) in setup mode. */
interface Intents {
  session: Obj;
  payment_intent: Obj | null;
  setup_intent?: Obj | null;
}

export type CheckoutResult =
  | (Intents & { status: "complete"; already_complete: boolean })
  | (Intents & {
      status: "requires_action";
      challenge: { payment_intent?: string; setup_intent?: string; url: string };
    })
  | (Intents & { status: "declined"; error: Obj })
  | (Intents & { status: "authentication_failed"; error: Obj });

export interface Pending {
  email: string | null;
  name: string | null;
  country: string | null;
  postal_code: string | null;
  save: boolean;
}

/** The session id is the part of the client secret before `_secret_`. */
export function sessionIdFromSecret(secret: string): string {
  const i = secret.indexOf("_secret_");
  return i === -1 ? "" : secret.slice(0, i);
}

export function loadOpen(ctx: Ctx, sessionId: string, clientSecret: string): Obj {
  let session: Obj;
  try {
    session = findSession(ctx, sessionId);
  } catch {
    throw noSuch("checkout.session", sessionId);
  }
  if (!clientSecret || session["client_secret"] !== clientSecret) throw noSuch("checkout.session", sessionId);
  return refreshExpiry(ctx, session);
}

function filtersOf(session: Obj): string[] {
  const spmo = objAt(session, "saved_payment_method_options");
  const f = spmo?.["allow_redisplay_filters"];
  return Array.isArray(f) ? (f as string[]) : ["always"];
}

/** The customer's reusable cards the session may show, most recently saved first (org-shared cards included). */
export function savedCardsFor(ctx: Ctx, session: Obj): Obj[] {
  const customer = str(session, "customer");
  if (!customer) return [];
  const filters = filtersOf(session);
  const rows = ctx.store.list(
    { accounts: ctx.world.sharingGroup(ctx.account), type: "payment_method", customer },
    { limit: 100 },
  ).rows;
  return rows
    .map((r) => ({ pm: r.obj, notes: ctx.store.bookkeeping(r.account, String(r.obj["id"])) }))
    .filter(({ pm, notes }) => pm["type"] === "card" && notes.detached !== true && notes.consumed !== true)
    .filter(({ pm }) => filters.includes(String(pm["allow_redisplay"] ?? "unspecified")))
    .sort(
      (a, b) =>
        (b.notes.attachedAt ?? 0) - (a.notes.attachedAt ?? 0) ||
        Number(b.pm["created"]) - Number(a.pm["created"]),
    )
    .map(({ pm }) => pm);
}

/** The session's `customer_details` from what the customer typed. */
export function customerDetails(pending: Pending): Obj {
  return {
    address: {
      city: null,
      country: pending.country,
      line1: null,
      line2: null,
      postal_code: pending.postal_code,
      state: null,
    },
    business_name: null,
    email: pending.email,
    individual_name: null,
    name: pending.name,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
}

/** Creates the Checkout customer (shared across the organization like any customer); returns its id. */
export function createCheckoutCustomer(ctx: Ctx, pending: Pending): string {
  const values: Record<string, unknown> = { email: pending.email, name: pending.name };
  if (pending.country || pending.postal_code)
    values["address"] = { country: pending.country, postal_code: pending.postal_code };
  return String(createCustomer(ctx, new P(values))["id"]);
}

/** The email Checkout records: the customer's, else `customer_email`, else what the page collected. */
export function checkoutEmail(ctx: Ctx, session: Obj, input: ConfirmInput): string {
  let customerEmail: string | null = null;
  const customerId = str(session, "customer");
  if (customerId) {
    const c = ctx.store.get(ctx.account, customerId);
    customerEmail = c ? str(c, "email") : null;
  }
  const email = customerEmail ?? str(session, "customer_email") ?? input.email ?? null;
  if (!email) throw missingParam("email");
  return email;
}

/** A PaymentMethod for the card typed into the page (billing name, email, country, postal code). */
export function cardPaymentMethod(ctx: Ctx, c: CardInput, email: string | null): string {
  const details = cardDetails({
    number: String(c.number),
    exp_month: Number(c.exp_month),
    exp_year: Number(c.exp_year),
  });
  const billing = {
    email,
    name: c.name ?? null,
    address: { country: c.country ?? null, postal_code: c.postal_code ?? null },
  };
  return String(createCardPaymentMethod(ctx, details, { billing, cvcChecked: Boolean(c.cvc) }).obj["id"]);
}
