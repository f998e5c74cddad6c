import type { Ctx } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, noSuch } from "../domain/errors.js";
import { createdFilter, listObject, listStored, pageOf } from "../http/list.js";
import { mergeMetadata, type P } from "../domain/params.js";
import { S, type Spec } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { isBankAccount, updatedBankAccount } from "../domain/bankAccounts.js";
import { emit } from "../domain/events.js";
import { find, findCustomer } from "../domain/lookup.js";
import { metadataOf, objAt, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { ListFilter, Obj, Page, StoredRow } from "../store/db.js";
import {
  attachPaymentMethod,
  createFromParams,
  resolvePaymentMethod,
  savePaymentMethod,
} from "../domain/paymentMethods.js";

const billingSpec = {
  address: S.address,
  email: "string",
  name: "string",
  phone: "string",
  tax_id: "string",
} as const satisfies Spec;

function detach(ctx: Ctx, id: string): Obj {
  // The id is the URL's, so an unknown one is a 404 with `param: id`, as for retrieve and attach.
  const pm = resolvePaymentMethod(ctx, id, "id");
  if (str(pm.obj, "customer") === null) {
    throw invalid(
      "The payment method you provided is not attached to a customer so detachment is impossible.",
      {
        code: "payment_method_unexpected_state",
      },
    );
  }
  const previous = { customer: pm.obj["customer"] };
  const next: Obj = { ...pm.obj, customer: null };
  savePaymentMethod(ctx, pm.account, next);
  ctx.store.noteBookkeeping(pm.account, String(next["id"]), { detached: true });
  emit(ctx, ctx.account, "payment_method.detached", next, previous);
  return next;
}

/**
 * Connect cloning (docs: "clone PaymentMethods"): under `Stripe-Account`, copies a card attached to
 * a platform customer into the connected account as an independent, unattached PaymentMethod.
 */
function clonePaymentMethod(ctx: Ctx, p: P): Obj {
  const platform = ctx.keyAccount;
  const sourceId = p.reqStr("payment_method");
  if (platform === null || platform === ctx.account) {
    throw invalid(
      "To share a PaymentMethod, you must make this request with the Stripe-Account header set to the connected account that will receive the copy.",
      { param: "payment_method" },
    );
  }
  const customerId = p.str("customer");
  if (customerId) {
    const c = ctx.store.get(platform, customerId);
    if (!c || c["object"] !== "customer" || c["deleted"] === true)
      throw noSuch("customer", customerId, "customer");
  }
  const original = ctx.store.get(platform, sourceId);
  if (!original || original["object"] !== "payment_method")
    throw noSuch("payment_method", sourceId, "payment_method");
  // Stripe: "Cloning supports PaymentMethods that have type set to either card or us_bank_account."
  if (original["type"] !== "card" && original["type"] !== "us_bank_account") {
    throw invalid(
      `PaymentMethods of type ${String(original["type"])} cannot be shared with a connected account; only card and us_bank_account PaymentMethods can.`,
      { param: "payment_method" },
    );
  }
  if (customerId && original["customer"] !== customerId) {
    throw invalid(`The payment method ${sourceId} does not belong to the customer ${customerId}.`, {
      param: "payment_method",
      code: "resource_missing",
    });
  }
  if (!customerId && original["customer"] !== null) {
    throw invalid("The customer parameter is required when the PaymentMethod is attached to a customer.", {
      param: "customer",
    });
  }
  const clone: Obj = {
    ...original,
    id: newId("pm", 24),
    created: ctx.now,
    customer: null,
    allow_redisplay: "unspecified",
    metadata: p.meta("metadata") ?? {},
  };
  // The clone behaves as its original (same card number or bank account) but is attached to no one.
  const notes = ctx.store.bookkeeping(platform, sourceId);
  savePaymentMethod(ctx, ctx.account, clone, { ...notes, cloneOf: sourceId, attachedAt: undefined });
  return clone;
}

const usBankAccountSpec = {
  account_holder_type: "string",
  account_number: "string",
  account_type: "string",
  financial_connections_account: "string",
  routing_number: "string",
} as const satisfies Spec;

const cardSpec = {
  number: "string",
  exp_month: "int",
  exp_year: "int",
  cvc: "string",
  token: "string",
  networks: "any",
} as const satisfies Spec;

/** `payment_method_data` on PaymentIntents and SetupIntents (cards and US bank accounts). */
export const paymentMethodDataSpec = {
  type: "string",
  card: cardSpec,
  us_bank_account: usBankAccountSpec,
  billing_details: billingSpec,
  metadata: "metadata",
  allow_redisplay: "string",
  radar_options: "any",
} as const satisfies Spec;

function create(ctx: RouteCtx): Obj {
  const p = ctx.p;
  if (p.has("payment_method")) return clonePaymentMethod(ctx, p);
  return createFromParams(ctx, p).obj;
}

function update(ctx: RouteCtx): Obj {
  const id = ctx.path["id"] ?? "";
  const pm = resolvePaymentMethod(ctx, id, "id");
  if (str(pm.obj, "customer") === null) {
    throw invalid("You must save this PaymentMethod to a customer before you can update it.", {
      code: "payment_method_unexpected_state",
    });
  }
  const p = ctx.p;
  const next: Obj = { ...pm.obj };
  if (p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(pm.obj), p.meta("metadata"));
  if (p.has("allow_redisplay")) next["allow_redisplay"] = p.str("allow_redisplay") ?? "unspecified";
  const b = p.obj("billing_details");
  if (b) {
    const cur = objAt(pm.obj, "billing_details") ?? {};
    const merged: Obj = { ...cur };
    for (const k of ["email", "name", "phone"]) if (b.has(k)) merged[k] = b.str(k) ?? null;
    const addr = b.obj("address");
    if (addr) {
      const ca = { ...(objAt(cur, "address") ?? {}) };
      for (const k of ["city", "country", "line1", "line2", "postal_code", "state"])
        if (addr.has(k)) ca[k] = addr.str(k) ?? null;
      merged["address"] = ca;
    }
    next["billing_details"] = merged;
  }
  const bank = p.obj("us_bank_account");
  if (bank && !isBankAccount(pm.obj)) {
    throw invalid("us_bank_account can only be updated on a PaymentMethod of type us_bank_account.", {
      param: "us_bank_account",
    });
  }
  if (bank) next["us_bank_account"] = updatedBankAccount(pm.obj, p);
  const c = p.obj("card");
  if (c && pm.obj["type"] !== "card") {
    throw invalid("card can only be updated on a PaymentMethod of type card.", { param: "card" });
  }
  if (c) {
    const card: Obj = { ...(objAt(pm.obj, "card") ?? {}) };
    const m = c.int("exp_month");
    const y = c.int("exp_year");
    if (typeof m === "number") card["exp_month"] = m;
    if (typeof y === "number") card["exp_year"] = y < 100 ? 2000 + y : y;
    next["card"] = card;
  }
  const previous: Obj = {};
  for (const k of ["metadata", "allow_redisplay", "billing_details", "card", "us_bank_account"]) {
    if (JSON.stringify(next[k]) !== JSON.stringify(pm.obj[k])) previous[k] = pm.obj[k] ?? null;
  }
  savePaymentMethod(ctx, pm.account, next);
  if (Object.keys(previous).length > 0) emit(ctx, ctx.account, "payment_method.updated", next, previous);
  return next;
}

/**
 * One page of stored objects, keeping only the rows `keep` accepts. Batches are read from the
 * index until the page is full, so skipped rows never shorten a page or hide `has_more`.
 */
function listFiltered(
  ctx: Ctx,
  url: string,
  p: P,
  filter: ListFilter,
  kind: string,
  keep: (row: StoredRow) => boolean,
): Obj {
  const page = pageOf(p);
  const cursor = page.startingAfter ?? page.endingBefore;
  if (cursor !== undefined && !ctx.store.hasCursor(filter.accounts, cursor)) {
    throw invalid(`No such ${kind}: '${cursor}'`, {
      param: page.startingAfter !== undefined ? "starting_after" : "ending_before",
      code: "resource_missing",
    });
  }
  const full: ListFilter = { ...filter, created: createdFilter(p.values["created"]) };
  const backwards = page.endingBefore !== undefined;
  const kept: StoredRow[] = [];
  let at = cursor;
  for (;;) {
    const batch: Page = { limit: 100 };
    if (at !== undefined) {
      if (backwards) batch.endingBefore = at;
      else batch.startingAfter = at;
    }
    const { rows, hasMore } = ctx.store.list(full, batch);
    // Nearest to the cursor first, whichever way the page goes.
    const ordered = backwards ? [...rows].reverse() : rows;
    for (const r of ordered) if (keep(r)) kept.push(r);
    const last = ordered[ordered.length - 1];
    if (kept.length > page.limit || !hasMore || !last) break;
    at = String(last.obj["id"]);
  }
  const rows = kept.slice(0, page.limit);
  if (backwards) rows.reverse();
  return listObject(
    url,
    rows.map((r) => r.obj),
    kept.length > page.limit,
  );
}

/**
 * A customer's PaymentMethods as seen from the acting account: its own of every type, and the
 * cards of the rest of the sharing group (Stripe shares only cards; a bank account saved in one
 * account "can't be charged from another account").
 */
export function listCustomerPaymentMethods(ctx: Ctx, url: string, customerId: string, p: P): Obj {
  const type = p.str("type");
  const redisplay = p.str("allow_redisplay");
  return listFiltered(
    ctx,
    url,
    p,
    { accounts: ctx.world.sharingGroup(ctx.account), type: "payment_method", customer: customerId },
    "payment_method",
    (row) =>
      (row.account === ctx.account || row.obj["type"] === "card") &&
      (!type || row.obj["type"] === type) &&
      (!redisplay || row.obj["allow_redisplay"] === redisplay),
  );
}

const listSpec = {
  ...S.list,
  customer: "string",
  customer_account: "string",
  type: "string",
  allow_redisplay: "string",
} as const;

export const paymentMethodRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payment_methods",
    publishable: true,
    spec: {
      type: "string",
      card: cardSpec,
      us_bank_account: usBankAccountSpec,
      billing_details: billingSpec,
      metadata: "metadata",
      allow_redisplay: "string",
      customer: "string",
      payment_method: "string",
      expand: "strings",
      radar_options: "any",
    },
    handler: (ctx) => ({ body: create(ctx) }),
  },
  {
    method: "GET",
    path: "/v1/payment_methods/:id",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      const f = find(ctx, id);
      if (!f || f.obj["object"] !== "payment_method") throw noSuch("payment_method", id);
      return { body: f.obj };
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id",
    spec: {
      allow_redisplay: "string",
      billing_details: billingSpec,
      card: { exp_month: "int", exp_year: "int", networks: "any" },
      metadata: "metadata",
      expand: "strings",
      us_bank_account: { account_holder_type: "string", account_type: "string" },
    },
    handler: (ctx) => ({ body: update(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/attach",
    spec: { customer: "string", customer_account: "string", expand: "strings" },
    handler: (ctx) => {
      const pm = resolvePaymentMethod(ctx, ctx.path["id"] ?? "", "id");
      return { body: attachPaymentMethod(ctx, pm, ctx.p.reqStr("customer")) };
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/detach",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: detach(ctx, ctx.path["id"] ?? "") }),
  },
  {
    method: "GET",
    path: "/v1/payment_methods",
    spec: listSpec,
    handler: (ctx) => {
      const customer = ctx.p.str("customer");
      if (customer) {
        findCustomer(ctx, customer, "customer");
        return { body: listCustomerPaymentMethods(ctx, "/v1/payment_methods", customer, ctx.p) };
      }
      return {
        body: listStored(
          ctx,
          "/v1/payment_methods",
          ctx.p,
          { accounts: [ctx.account], type: "payment_method" },
          "payment_method",
        ),
      };
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods",
    spec: { ...S.list, type: "string", allow_redisplay: "string" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      findCustomer(ctx, id);
      return { body: listCustomerPaymentMethods(ctx, `/v1/customers/${id}/payment_methods`, id, ctx.p) };
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/payment_methods/:pm",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      findCustomer(ctx, id);
      const pmId = ctx.path["pm"] ?? "";
      const f = find(ctx, pmId);
      if (!f || f.obj["object"] !== "payment_method" || f.obj["customer"] !== id)
        throw noSuch("payment_method", pmId);
      return { body: f.obj };
    },
  },
];
