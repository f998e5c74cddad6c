import type { Ctx } from "../http/context.js";
import { invalid, noSuch } from "../http/errors.js";
import { registerExpandable } from "../http/expand.js";
import { listObject, listStored } from "../http/list.js";
import { mergeMetadata, S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { saveCharge } from "../domain/payments.js";
import { clean, metadataOf } from "../domain/render.js";
import type { Obj } from "../store/db.js";

export function findCharge(ctx: Ctx, id: string, param = "id"): Obj {
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "charge") throw noSuch("charge", id, param);
  return o;
}

export function refundsOf(ctx: Ctx, chargeId: string): Obj[] {
  return ctx.store
    .list({ accounts: [ctx.account], type: "refund", k1: chargeId }, { limit: 100 })
    .rows.map((r) => clean(r.obj));
}

registerExpandable("charge", "refunds", (ctx, owner) =>
  listObject(`/v1/charges/${String(owner["id"])}/refunds`, refundsOf(ctx, String(owner["id"])), false),
);

export const chargeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/charges/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: clean(findCharge(ctx, ctx.path["id"] ?? "")) }),
  },
  {
    method: "POST",
    path: "/v1/charges/:id",
    spec: {
      description: "string",
      metadata: "metadata",
      receipt_email: "string",
      shipping: "any",
      fraud_details: "any",
      transfer_group: "string",
      expand: "strings",
    },
    handler: (ctx) => {
      const ch = findCharge(ctx, ctx.path["id"] ?? "");
      const next: Obj = { ...ch };
      if (ctx.p.has("description")) next["description"] = ctx.p.str("description") ?? null;
      if (ctx.p.has("receipt_email")) next["receipt_email"] = ctx.p.str("receipt_email") ?? null;
      if (ctx.p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(ch), ctx.p.meta("metadata"));
      saveCharge(ctx, next);
      return { body: clean(next) };
    },
  },
  {
    method: "GET",
    path: "/v1/charges",
    spec: { ...S.list, customer: "string", payment_intent: "string", transfer_group: "string" },
    handler: (ctx) => {
      const customer = ctx.p.str("customer");
      const pi = ctx.p.str("payment_intent");
      return {
        body: listStored(
          ctx,
          "/v1/charges",
          ctx.p,
          {
            accounts: [ctx.account],
            type: "charge",
            ...(customer ? { customer } : {}),
            ...(pi ? { k1: pi } : {}),
          },
          "charge",
        ),
      };
    },
  },
  {
    method: "POST",
    path: "/v1/charges",
    spec: {
      amount: "int",
      currency: "string",
      customer: "string",
      source: "string",
      description: "string",
      metadata: "metadata",
      capture: "bool",
      expand: "strings",
    },
    handler: () => {
      throw invalid(
        "The emulator supports payments through PaymentIntents only; use POST /v1/payment_intents with confirm=true.",
      );
    },
  },
];
