import type Stripe from "stripe";
import type { RouteCtx } from "../http/context.js";

import { invalid, noSuch } from "../domain/errors.js";
import { listStored } from "../http/list.js";
import { mergeMetadata } from "../domain/params.js";
import { S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { metadataOf } from "../domain/render.js";
import { newId, randomToken } from "../ids.js";
import type { Obj } from "../store/db.js";

function find(ctx: RouteCtx): Obj {
  const id = ctx.path["id"] ?? "";
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "webhook_endpoint") throw noSuch("webhook_endpoint", id);
  return o;
}

function checkUrl(url: string): void {
  if (!/^https?:\/\/[^\s]+$/.test(url))
    throw invalid("Invalid URL: An explicit scheme (such as https) must be provided.", {
      param: "url",
      code: "url_invalid",
    });
}

export const webhookEndpointRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/webhook_endpoints",
    spec: {
      url: "string",
      enabled_events: "strings",
      api_version: "string",
      connect: "bool",
      description: "string",
      metadata: "metadata",
      expand: "strings",
    },
    handler: (ctx) => {
      const url = ctx.p.reqStr("url");
      checkUrl(url);
      const events = ctx.p.strs("enabled_events");
      if (!events || events.length === 0)
        throw invalid("Missing required param: enabled_events.", {
          param: "enabled_events",
          code: "parameter_missing",
        });
      const secret = `whsec_${randomToken(32)}`;
      const connect = ctx.p.bool("connect") === true;
      const we = {
        id: newId("we", 24),
        object: "webhook_endpoint",
        api_version: ctx.p.str("api_version") ?? null,
        application: null,
        created: ctx.now,
        description: ctx.p.str("description") ?? null,
        enabled_events: events,
        livemode: false,
        metadata: mergeMetadata({}, ctx.p.meta("metadata")),
        status: "enabled",
        url,
      } satisfies Stripe.WebhookEndpoint;
      ctx.store.put(ctx.account, we, { type: "webhook_endpoint" }, { secret, connect });
      // The secret is only ever returned at creation, as with Stripe.
      return { body: { ...we, secret } };
    },
  },
  {
    method: "GET",
    path: "/v1/webhook_endpoints/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: find(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/webhook_endpoints/:id",
    spec: {
      url: "string",
      enabled_events: "strings",
      description: "string",
      disabled: "bool",
      metadata: "metadata",
      expand: "strings",
    },
    handler: (ctx) => {
      const we = find(ctx);
      const next: Obj = { ...we };
      const url = ctx.p.str("url");
      if (url) {
        checkUrl(url);
        next["url"] = url;
      }
      const events = ctx.p.strs("enabled_events");
      if (events) next["enabled_events"] = events;
      if (ctx.p.has("description")) next["description"] = ctx.p.str("description") ?? null;
      const disabled = ctx.p.bool("disabled");
      if (disabled !== undefined) next["status"] = disabled ? "disabled" : "enabled";
      if (ctx.p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(we), ctx.p.meta("metadata"));
      ctx.store.put(ctx.account, next, { type: "webhook_endpoint" });
      return { body: next };
    },
  },
  {
    method: "DELETE",
    path: "/v1/webhook_endpoints/:id",
    spec: {},
    handler: (ctx) => {
      const we = find(ctx);
      ctx.store.delete(ctx.account, String(we["id"]));
      const deleted = {
        id: String(we["id"]),
        object: "webhook_endpoint",
        deleted: true,
      } satisfies Stripe.DeletedWebhookEndpoint;
      return { body: deleted };
    },
  },
  {
    method: "GET",
    path: "/v1/webhook_endpoints",
    spec: S.list,
    handler: (ctx) => ({
      body: listStored(
        ctx,
        "/v1/webhook_endpoints",
        ctx.p,
        { accounts: [ctx.account], type: "webhook_endpoint" },
        "webhook_endpoint",
      ),
    }),
  },
];
