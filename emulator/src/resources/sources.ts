import type Stripe from "stripe";
import type { Ctx } from "../domain/context.js";
import { invalid, noSuch } from "../domain/errors.js";
import { listObject } from "../http/list.js";
import { mergeMetadata, P } from "../domain/params.js";
import { S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { emit } from "../domain/events.js";
import { metadataOf, str } from "../domain/render.js";
import type { Obj } from "../store/db.js";
import { findCustomer } from "../domain/lookup.js";
import { saveCustomer } from "../domain/customers.js";
import { addCardSource, listCustomerCards } from "../domain/sources.js";

function findCard(ctx: Ctx, customerId: string, id: string): Obj {
  const c = ctx.store.get(ctx.account, id);
  if (!c || c["object"] !== "card" || c["customer"] !== customerId) throw noSuch("source", id);
  return c;
}

const customerSourceRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/customers/:id/sources",
    spec: { source: "any", metadata: "metadata", validate: "bool", expand: "strings" },
    handler: (ctx) => {
      const customer = findCustomer(ctx, ctx.path["id"] ?? "");
      const source = ctx.p.values["source"];
      if (source === undefined || source === null)
        throw invalid("Missing required param: source.", { param: "source", code: "parameter_missing" });
      const card = addCardSource(ctx, customer, source, "source");
      if (ctx.p.has("metadata")) {
        card["metadata"] = mergeMetadata({}, ctx.p.meta("metadata"));
        ctx.store.put(ctx.account, card, { type: "card", customer: String(customer["id"]) });
      }
      if (str(customer, "default_source") === null) {
        const next = { ...customer, default_source: card["id"] };
        saveCustomer(ctx, ctx.account, next);
        emit(ctx, ctx.account, "customer.updated", next, { default_source: null });
      }
      return { body: card };
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/sources",
    spec: { ...S.list, object: "string" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      findCustomer(ctx, id);
      const object = ctx.p.str("object");
      const cards = object && object !== "card" ? [] : listCustomerCards(ctx, id);
      return { body: listObject(`/v1/customers/${id}/sources`, cards, false) };
    },
  },
  {
    method: "GET",
    path: "/v1/customers/:id/sources/:source",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      findCustomer(ctx, id);
      return { body: findCard(ctx, id, ctx.path["source"] ?? "") };
    },
  },
  {
    method: "POST",
    path: "/v1/customers/:id/sources/:source",
    spec: {
      metadata: "metadata",
      name: "string",
      exp_month: "string",
      exp_year: "string",
      address_city: "string",
      address_country: "string",
      address_line1: "string",
      address_line2: "string",
      address_state: "string",
      address_zip: "string",
      expand: "strings",
    },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      findCustomer(ctx, id);
      const card = findCard(ctx, id, ctx.path["source"] ?? "");
      const next: Obj = { ...card };
      for (const k of [
        "name",
        "address_city",
        "address_country",
        "address_line1",
        "address_line2",
        "address_state",
        "address_zip",
      ]) {
        if (ctx.p.has(k)) next[k] = ctx.p.str(k) ?? null;
      }
      for (const k of ["exp_month", "exp_year"]) if (ctx.p.str(k)) next[k] = Number(ctx.p.str(k));
      if (ctx.p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(card), ctx.p.meta("metadata"));
      ctx.store.put(ctx.account, next, { type: "card", customer: id });
      emit(ctx, ctx.account, "customer.source.updated", next);
      return { body: next };
    },
  },
  {
    method: "DELETE",
    path: "/v1/customers/:id/sources/:source",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      const customer = findCustomer(ctx, id);
      const card = findCard(ctx, id, ctx.path["source"] ?? "");
      ctx.store.delete(ctx.account, String(card["id"]));
      emit(ctx, ctx.account, "customer.source.deleted", card);
      if (customer["default_source"] === card["id"]) {
        const rest = listCustomerCards(ctx, id);
        const next = { ...customer, default_source: rest[0]?.["id"] ?? null };
        saveCustomer(ctx, ctx.account, next);
        emit(ctx, ctx.account, "customer.updated", next, { default_source: card["id"] });
      }
      // The customer the card was removed from is named too (the SDK's type leaves it out).
      const deleted = {
        id: String(card["id"]),
        object: "card",
        customer: id,
        deleted: true,
      } satisfies Stripe.DeletedCard & { customer: string };
      return { body: deleted };
    },
  },
];

/**
 * `/v1/customers/:id/cards…`: Stripe's older name for the same endpoints, still served ("those
 * endpoints are interchangeable for cards and work the same way", stripe-node#391; the API
 * reference lists `GET /v1/customers/:id/cards`). Creating a card may also name it `card`.
 */
function asCardsRoute(route: Route): Route {
  const isCreate = route.method === "POST" && route.path === "/v1/customers/:id/sources";
  return {
    ...route,
    path: route.path.replace("/sources", "/cards"),
    spec: isCreate ? { ...route.spec, card: "any" } : route.spec,
    handler: (ctx) => {
      const { card, ...rest } = ctx.p.values;
      if (isCreate && rest["source"] === undefined && card !== undefined)
        ctx.p = new P({ ...rest, source: card });
      const result = route.handler(ctx);
      if (result.body["object"] === "list")
        result.body["url"] = String(result.body["url"]).replace("/sources", "/cards");
      return result;
    },
  };
}

export const sourceRoutes: Route[] = [...customerSourceRoutes, ...customerSourceRoutes.map(asCardsRoute)];
