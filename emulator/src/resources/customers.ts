import type Stripe from "stripe";
import type { RouteCtx } from "../http/context.js";
import { invalid, noSuch } from "../domain/errors.js";
import { registerExpandable } from "../http/expand.js";
import { listObject, listStored } from "../http/list.js";
import { mergeMetadata, type P } from "../domain/params.js";
import { S, type Spec } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { emit } from "../domain/events.js";
import { metadataOf } from "../domain/render.js";
import { sharedCustomerFields } from "../domain/sharing.js";
import type { Obj } from "../store/db.js";
import type { Ctx } from "../domain/context.js";
import { resolvePaymentMethod } from "../domain/paymentMethods.js";
import { addCardSource, listCustomerCards } from "../domain/sources.js";
import { searchResult } from "./search.js";
import { createRenderedCustomer, saveCustomer, requestedChanges } from "../domain/customers.js";
import { findCustomer } from "../domain/lookup.js";

const shipping = { address: S.address, name: "string", phone: "string" } as const satisfies Spec;

const CUSTOMER_FIELDS = {
  address: S.address,
  balance: "int",
  business_name: "string",
  cash_balance: "any",
  description: "string",
  email: "string",
  expand: "strings",
  individual_name: "string",
  invoice_prefix: "string",
  invoice_settings: {
    custom_fields: "any",
    default_payment_method: "string",
    footer: "string",
    rendering_options: "any",
  },
  metadata: "metadata",
  name: "string",
  next_invoice_sequence: "int",
  payment_method: "string",
  phone: "string",
  preferred_locales: "strings",
  shipping,
  source: "any",
  tax: "any",
  tax_exempt: "string",
  tax_id_data: "any",
  test_clock: "string",
  validate: "bool",
} as const satisfies Record<string, Spec>;

function previousOf(before: Obj, after: Obj): Obj {
  const prev: Obj = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) prev[k] = before[k] ?? null;
  }
  return prev;
}

/**
 * Applies an update. Shared fields go to every instance in the sharing group (and each changed
 * instance emits `customer.updated` in its account); other fields stay with the acting account.
 */
export function updateCustomer(ctx: Ctx, id: string, p: P): Obj {
  const current = findCustomer(ctx, id);
  const changes = requestedChanges(p, current);
  const shared = sharedCustomerFields(ctx.apiVersion);
  const own: Obj = { ...current, ...changes };
  if (p.has("source") && p.values["source"] !== null) {
    const card = addCardSource(ctx, own, p.values["source"], "source");
    own["default_source"] = card["id"];
  }
  if (p.has("default_source")) {
    const src = p.str("default_source");
    if (src && !listCustomerCards(ctx, id).some((c) => c["id"] === src)) {
      throw invalid(`No such source: '${src}'`, { param: "default_source", code: "resource_missing" });
    }
    own["default_source"] = src ?? null;
  }
  const inv = p.obj("invoice_settings");
  if (inv) {
    const settings: Obj = { ...(own["invoice_settings"] as Obj) };
    if (inv.has("default_payment_method")) {
      const pmId = inv.str("default_payment_method");
      if (pmId) {
        const pm = resolvePaymentMethod(ctx, pmId, "invoice_settings[default_payment_method]");
        if (pm.obj["customer"] !== id) {
          throw invalid(
            `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
            { param: "invoice_settings[default_payment_method]", code: "resource_missing" },
          );
        }
      }
      settings["default_payment_method"] = pmId ?? null;
    }
    if (inv.has("footer")) settings["footer"] = inv.str("footer") ?? null;
    own["invoice_settings"] = settings;
  }
  const prevOwn = previousOf(current, own);
  if (Object.keys(prevOwn).length > 0) {
    emit(ctx, ctx.account, "customer.updated", own, prevOwn, saveCustomer(ctx, ctx.account, own));
  }
  for (const account of ctx.world.sharingGroup(ctx.account)) {
    if (account === ctx.account) continue;
    const other = ctx.store.get(account, id);
    if (!other || other["deleted"] === true) continue;
    const next: Obj = { ...other };
    for (const k of shared) if (k in changes) next[k] = changes[k];
    // Metadata merges per instance: '' deletes a key, other keys of that instance survive.
    if (shared.includes("metadata") && p.has("metadata"))
      next["metadata"] = mergeMetadata(metadataOf(other), p.meta("metadata"));
    const prev = previousOf(other, next);
    if (Object.keys(prev).length === 0) continue;
    emit(ctx, account, "customer.updated", next, prev, saveCustomer(ctx, account, next));
  }
  return own;
}

function deleteCustomer(ctx: Ctx, id: string): Obj {
  findCustomer(ctx, id);
  const tombstone = { id, object: "customer", deleted: true } satisfies Stripe.DeletedCustomer;
  for (const account of ctx.world.sharingGroup(ctx.account)) {
    const inst = ctx.store.get(account, id);
    if (!inst || inst["deleted"] === true) continue;
    ctx.store.put(account, { ...tombstone, created: inst["created"] }, { type: "deleted_customer" });
    emit(ctx, account, "customer.deleted", inst);
  }
  return tombstone;
}

registerExpandable("customer", "sources", (ctx, owner) => {
  const cards = listCustomerCards(ctx, String(owner["id"]));
  return listObject(`/v1/customers/${String(owner["id"])}/sources`, cards, false);
});
registerExpandable("customer", "tax_ids", (_ctx, owner) =>
  listObject(`/v1/customers/${String(owner["id"])}/tax_ids`, [], false),
);
registerExpandable("customer", "subscriptions", (_ctx, owner) =>
  listObject(`/v1/customers/${String(owner["id"])}/subscriptions`, [], false),
);

function retrieve(ctx: RouteCtx): Obj {
  const id = ctx.path["id"] ?? "";
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "customer") throw noSuch("customer", id);
  return o;
}

export const customerRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/customers",
    spec: CUSTOMER_FIELDS,
    handler: (ctx) => {
      const { customer, json } = createRenderedCustomer(ctx, ctx.p);
      return { body: customer, json };
    },
  },
  {
    method: "GET",
    path: "/v1/customers/search",
    spec: { query: "string", limit: "int", page: "string", expand: "strings" },
    handler: (ctx) => ({ body: searchResult(ctx, ctx.p, "customer", "/v1/customers/search") }),
  },
  {
    method: "GET",
    path: "/v1/customers/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: retrieve(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/customers/:id",
    spec: { ...CUSTOMER_FIELDS, default_source: "string" },
    handler: (ctx) => ({ body: updateCustomer(ctx, ctx.path["id"] ?? "", ctx.p) }),
  },
  {
    method: "DELETE",
    path: "/v1/customers/:id",
    spec: {},
    handler: (ctx) => ({ body: deleteCustomer(ctx, ctx.path["id"] ?? "") }),
  },
  {
    method: "GET",
    path: "/v1/customers",
    spec: { ...S.list, email: "string", test_clock: "string" },
    handler: (ctx) => {
      const email = ctx.p.str("email");
      return {
        body: listStored(
          ctx,
          "/v1/customers",
          ctx.p,
          { accounts: [ctx.account], type: "customer", ...(email ? { k1: email } : {}) },
          "customer",
        ),
      };
    },
  },
];
