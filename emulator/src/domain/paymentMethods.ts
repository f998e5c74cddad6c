import type Stripe from "stripe";
import { newId } from "../ids.js";
import type { Bookkeeping, Obj } from "../store/db.js";
import {
  type BankAccountInput,
  bankAccountDetails,
  bankAccountInput,
  testBankTokenNumber,
} from "./bankAccounts.js";
import {
  type CardDetails,
  assertRawCardDataAccess,
  behaviourOf,
  cardDetails,
  cardError,
  testCard,
  testPaymentMethodNumber,
} from "./cards.js";
import type { Ctx } from "./context.js";
import { invalid, noSuch } from "./errors.js";
import { emit } from "./events.js";
import { type Found, find, findCustomer } from "./lookup.js";
import type { P } from "./params.js";
import { str } from "./render.js";
import { consumeToken } from "./tokens.js";

/** PaymentMethods as stored objects: cards and bank accounts built from parameters, resolved from ids, attached to customers. */

export interface BillingInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  address?: Partial<Record<"city" | "country" | "line1" | "line2" | "postal_code" | "state", string | null>>;
}

function billingDetails(b: BillingInput | undefined): Stripe.PaymentMethod.BillingDetails {
  const a = b?.address ?? {};
  return {
    address: {
      city: a.city ?? null,
      country: a.country ?? null,
      line1: a.line1 ?? null,
      line2: a.line2 ?? null,
      postal_code: a.postal_code ?? null,
      state: a.state ?? null,
    },
    email: b?.email ?? null,
    name: b?.name ?? null,
    phone: b?.phone ?? null,
    tax_id: null,
  };
}

function billingFromParams(p: P | null | undefined): BillingInput | undefined {
  if (!p) return undefined;
  const addr = p.obj("address");
  const out: BillingInput = {
    email: p.str("email") ?? null,
    name: p.str("name") ?? null,
    phone: p.str("phone") ?? null,
  };
  if (addr) {
    out.address = {};
    for (const k of ["city", "country", "line1", "line2", "postal_code", "state"] as const)
      out.address[k] = addr.str(k) ?? null;
  }
  return out;
}

export function pmIndex(o: Obj): { type: string; customer: string | null } {
  return { type: "payment_method", customer: str(o, "customer") };
}

export function savePaymentMethod(ctx: Ctx, account: string, o: Obj, bookkeeping?: Bookkeeping): void {
  ctx.store.put(account, o, pmIndex(o), bookkeeping);
}

/** A card PaymentMethod's `card` hash; the checks pass only for what was collected and verified. */
export function cardHash(
  card: CardDetails,
  checks: { postalCodeCheck: string | null; cvcCheck: string | null } = {
    postalCodeCheck: null,
    cvcCheck: null,
  },
): Stripe.PaymentMethod.Card {
  return {
    brand: card.brand,
    checks: {
      address_line1_check: null,
      address_postal_code_check: checks.postalCodeCheck,
      cvc_check: checks.cvcCheck,
    },
    country: card.country,
    display_brand: card.brand === "amex" ? "american_express" : card.brand,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    fingerprint: card.fingerprint,
    funding: card.funding,
    generated_from: null,
    last4: card.last4,
    networks: { available: [card.brand], preferred: null },
    regulated_status: "unregulated",
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

/** Builds and stores a card PaymentMethod in the acting account. */
export function createCardPaymentMethod(
  ctx: Ctx,
  card: CardDetails,
  opts: {
    billing?: BillingInput;
    metadata?: Record<string, string>;
    allowRedisplay?: string;
    cvcChecked?: boolean;
  } = {},
): Found {
  const o = {
    id: newId("pm", 24),
    object: "payment_method",
    allow_redisplay: opts.allowRedisplay ?? "unspecified",
    billing_details: billingDetails(opts.billing),
    card: cardHash(card, {
      postalCodeCheck: opts.billing?.address?.postal_code ? "pass" : null,
      cvcCheck: opts.cvcChecked ? "pass" : null,
    }),
    created: ctx.now,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    type: "card",
  } satisfies Stripe.PaymentMethod;
  savePaymentMethod(ctx, ctx.account, o, { pan: card.number });
  return { account: ctx.account, obj: o };
}

/**
 * Builds and stores a us_bank_account PaymentMethod in the acting account. Unlike cards it is
 * never shared with the rest of a sharing group (`find` only looks for cards elsewhere).
 */
export function createBankPaymentMethod(
  ctx: Ctx,
  bank: BankAccountInput,
  opts: { billing?: BillingInput; metadata?: Record<string, string>; allowRedisplay?: string } = {},
): Found {
  const o = {
    id: newId("pm", 24),
    object: "payment_method",
    allow_redisplay: opts.allowRedisplay ?? "unspecified",
    billing_details: billingDetails(opts.billing),
    created: ctx.now,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    type: "us_bank_account",
    us_bank_account: bankAccountDetails(bank),
  } satisfies Stripe.PaymentMethod;
  savePaymentMethod(ctx, ctx.account, o, { accountNumber: bank.accountNumber });
  return { account: ctx.account, obj: o };
}

/**
 * Resolves a `payment_method` parameter: a stored (or organization-shared) PaymentMethod, or a
 * test id such as `pm_card_visa`, which like Stripe mints a fresh PaymentMethod on each use.
 */
export function resolvePaymentMethod(ctx: Ctx, id: string, param: string): Found {
  const testNumber = testPaymentMethodNumber(id);
  if (testNumber) return createCardPaymentMethod(ctx, testCard(testNumber));
  const bankNumber = testBankTokenNumber(id);
  if (bankNumber) {
    return createBankPaymentMethod(
      ctx,
      { routing: "110000000", accountNumber: bankNumber, holderType: "individual", accountType: "checking" },
      { billing: { name: "Jenny Rosen" } },
    );
  }
  const found = find(ctx, id);
  if (!found || found.obj["object"] !== "payment_method") throw noSuch("payment_method", id, param);
  return found;
}

/** The card number a PaymentMethod was made from (test-card behaviour follows it). */
export function panOf(ctx: Ctx, pm: Found): string {
  return ctx.store.bookkeeping(pm.account, String(pm.obj["id"])).pan ?? "4242424242424242";
}

/** Stripe's current wording (quoted in public issues from 2021 to 2026). */
const REUSE_MESSAGE =
  "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.";

export function assertUsable(ctx: Ctx, pm: Found, param: string): void {
  const notes = ctx.store.bookkeeping(pm.account, String(pm.obj["id"]));
  if (notes.consumed === true || notes.detached === true) {
    throw invalid(REUSE_MESSAGE, { param, code: "payment_method_unexpected_state" });
  }
}

/** Attaches a PaymentMethod to a customer of the acting account; `payment_method.attached` goes to the acting account only. */
export function attachPaymentMethod(
  ctx: Ctx,
  pm: Found,
  customerId: string,
  param = "customer",
  allowRedisplay?: string,
): Obj {
  findCustomer(ctx, customerId, param);
  assertUsable(ctx, pm, "payment_method");
  const current = str(pm.obj, "customer");
  if (current === customerId && allowRedisplay === undefined) return pm.obj;
  if (current !== null && current !== customerId) {
    throw invalid("The payment method you provided has already been attached to a customer.", {
      param: "payment_method",
      code: "payment_method_unexpected_state",
    });
  }
  const decline = behaviourOf(panOf(ctx, pm)).attach;
  if (decline) throw cardError(decline);
  const next: Obj = { ...pm.obj, customer: customerId };
  if (allowRedisplay !== undefined) next["allow_redisplay"] = allowRedisplay;
  savePaymentMethod(ctx, pm.account, next);
  ctx.store.noteBookkeeping(pm.account, String(next["id"]), { attachedAt: Date.now() });
  pm.obj = next;
  if (current !== customerId) emit(ctx, ctx.account, "payment_method.attached", next);
  return next;
}

/** The PaymentMethod a `POST /v1/payment_methods` body or a `payment_method_data` hash describes. */
export function createFromParams(ctx: Ctx, p: P): Found {
  const type = p.reqStr("type");
  if (type === "us_bank_account") {
    const bankBilling = billingFromParams(p.obj("billing_details"));
    const bank = bankAccountInput(p, bankBilling);
    const bankOpts: Parameters<typeof createBankPaymentMethod>[2] = { metadata: p.meta("metadata") ?? {} };
    if (bankBilling) bankOpts.billing = bankBilling;
    const redisplay = p.str("allow_redisplay");
    if (redisplay) bankOpts.allowRedisplay = redisplay;
    return createBankPaymentMethod(ctx, bank, bankOpts);
  }
  if (type !== "card")
    throw invalid(`The emulator supports only card and us_bank_account PaymentMethods (got '${type}').`, {
      param: p.param("type"),
    });
  const card = p.obj("card");
  if (!card)
    throw invalid(`Missing required param: ${p.param("card")}.`, {
      param: p.param("card"),
      code: "parameter_missing",
    });
  const billing = billingFromParams(p.obj("billing_details"));
  const metadata = p.meta("metadata") ?? {};
  const allowRedisplay = p.str("allow_redisplay") ?? undefined;
  const token = card.str("token");
  let details: CardDetails;
  if (token) {
    details = consumeToken(ctx, token, card.param("token")).details;
  } else {
    if (card.has("number")) assertRawCardDataAccess(ctx);
    const exp_month = Number(card.values["exp_month"]);
    const exp_year = Number(card.values["exp_year"]);
    details = cardDetails({ number: card.reqStr("number"), exp_month, exp_year }, card.path);
  }
  const opts: Parameters<typeof createCardPaymentMethod>[2] = { metadata, cvcChecked: card.has("cvc") };
  if (billing) opts.billing = billing;
  if (allowRedisplay) opts.allowRedisplay = allowRedisplay;
  return createCardPaymentMethod(ctx, details, opts);
}

/**
 * The PaymentMethod an intent is given: `payment_method` (an id), or `payment_method_data`, from
 * which a new PaymentMethod is created (Stripe: only one of them may be given).
 */
export function paymentMethodOf(ctx: Ctx, p: P, resolve: (id: string) => string): string | undefined {
  const id = p.str("payment_method");
  const data = p.obj("payment_method_data");
  if (id && data) {
    throw invalid("You may only specify one of these parameters: payment_method, payment_method_data.", {
      param: "payment_method_data",
    });
  }
  if (id) return resolve(id);
  if (data) return String(createFromParams(ctx, data).obj["id"]);
  return undefined;
}
