import type Stripe from "stripe";
import { newId, randomToken } from "../ids.js";
import type { Obj } from "../store/db.js";
import type { Ctx } from "./context.js";
import { invalid } from "./errors.js";
import { emit } from "./events.js";
import { type P, mergeMetadata } from "./params.js";
import { attachPaymentMethod, resolvePaymentMethod } from "./paymentMethods.js";
import { metadataOf, str } from "./render.js";
import { sharedCustomerFields } from "./sharing.js";
import { addCardSource } from "./sources.js";

/** Customers as stored objects, and their creation across a sharing group. */

export function customerIndex(o: Obj): { type: string; k1: string | null } {
  return { type: "customer", k1: str(o, "email") };
}

function blankCustomer(id: string, created: number, invoicePrefix: string): Obj {
  return {
    id,
    object: "customer",
    address: null,
    balance: 0,
    created,
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: invoicePrefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  } satisfies Stripe.Customer;
}

function addressOf(p: P | null | undefined): Obj | null {
  if (!p) return null;
  const a = p.values;
  const pick = (k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
  return {
    city: pick("city"),
    country: pick("country"),
    line1: pick("line1"),
    line2: pick("line2"),
    postal_code: pick("postal_code"),
    state: pick("state"),
  };
}

/** Field updates requested by create/update params, as plain values to assign. */
export function requestedChanges(p: P, current: Obj): Obj {
  const out: Obj = {};
  for (const k of [
    "name",
    "email",
    "phone",
    "description",
    "business_name",
    "individual_name",
    "invoice_prefix",
    "tax_exempt",
  ]) {
    if (p.has(k)) out[k] = p.str(k) ?? (k === "tax_exempt" ? "none" : null);
  }
  if (p.has("balance")) out["balance"] = p.int("balance") ?? 0;
  if (p.has("next_invoice_sequence")) out["next_invoice_sequence"] = p.int("next_invoice_sequence") ?? 1;
  if (p.has("preferred_locales")) out["preferred_locales"] = p.strs("preferred_locales") ?? [];
  if (p.has("address")) out["address"] = addressOf(p.obj("address"));
  if (p.has("shipping")) {
    const s = p.obj("shipping");
    out["shipping"] = s
      ? { address: addressOf(s.obj("address")), name: s.str("name") ?? null, phone: s.str("phone") ?? null }
      : null;
  }
  if (p.has("metadata")) out["metadata"] = mergeMetadata(metadataOf(current), p.meta("metadata"));
  return out;
}

/** Stores a customer instance; returns its rendering (`json` when the caller already has it). */
export function saveCustomer(ctx: Ctx, account: string, o: Obj, json = JSON.stringify(o, null, 2)): string {
  ctx.store.put(account, o, customerIndex(o), undefined, json);
  return json;
}

/** The same fields in the same order holding the same values: the two render to the same text. */
function sameFields(a: Obj, b: Obj): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || a[k] !== b[k]) return false;
  }
  return true;
}

/**
 * Creates a customer in the acting account and, for a sharing group, an instance with the same id
 * in every other member holding only the shared fields. Emits `customer.created` per instance.
 */
export function createCustomer(ctx: Ctx, p: P): Obj {
  return createRenderedCustomer(ctx, p).customer;
}

/**
 * `createCustomer`, with the acting account's instance as rendered (`JSON.stringify(customer,
 * null, 2)`). Each instance is rendered once, for its row, its event and the response, and an
 * instance holding exactly the fields of one already rendered (a create whose parameters are all
 * shared) reuses that text.
 */
export function createRenderedCustomer(ctx: Ctx, p: P): { customer: Obj; json: string } {
  const id = newId("cus", 14);
  const prefix = randomToken(8).toUpperCase();
  const base = blankCustomer(id, ctx.now, prefix);
  const changes = requestedChanges(p, base);
  const own: Obj = { ...base, ...changes };
  if (p.has("source") && p.values["source"] !== null) {
    const card = addCardSource(ctx, own, p.values["source"], "source");
    own["default_source"] = card["id"];
  }
  const defaultPm = p.obj("invoice_settings")?.str("default_payment_method");
  const pmParam = p.str("payment_method");
  const instances = ctx.world.sharingGroup(ctx.account);
  const shared = sharedCustomerFields(ctx.apiVersion);
  // What each account stores, kept to be emitted as written (attaching a PaymentMethod below
  // changes the PaymentMethod, never these; the default payment method is set on `own` itself).
  const saved: Array<{ account: string; instance: Obj; json: string }> = [];
  for (const account of instances) {
    const instance: Obj = account === ctx.account ? own : { ...base };
    if (account !== ctx.account) for (const k of shared) if (k in changes) instance[k] = changes[k];
    const same = saved.find((s) => sameFields(s.instance, instance));
    saved.push({ account, instance, json: saveCustomer(ctx, account, instance, same?.json) });
  }
  if (pmParam) {
    const pm = resolvePaymentMethod(ctx, pmParam, "payment_method");
    attachPaymentMethod(ctx, pm, id, "payment_method");
  }
  if (defaultPm) {
    const pm = resolvePaymentMethod(ctx, defaultPm, "invoice_settings[default_payment_method]");
    if (pm.obj["customer"] !== id) {
      throw invalid(
        `The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`,
        {
          param: "invoice_settings[default_payment_method]",
          code: "resource_missing",
        },
      );
    }
    own["invoice_settings"] = { ...(own["invoice_settings"] as Obj), default_payment_method: pm.obj["id"] };
    const json = saveCustomer(ctx, ctx.account, own);
    for (const s of saved) if (s.instance === own) s.json = json;
  }
  for (const s of saved) emit(ctx, s.account, "customer.created", s.instance, undefined, s.json);
  const acting = saved.find((s) => s.instance === own);
  return { customer: own, json: acting ? acting.json : JSON.stringify(own, null, 2) };
}
