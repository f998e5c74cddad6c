import { invalid, noSuch } from "../domain/errors.js";
import { listStored } from "../http/list.js";
import { S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import type { ListFilter } from "../store/db.js";
import type { Ctx } from "../domain/context.js";
import type { Obj } from "../store/db.js";

/** Fills `pending_webhooks` from the delivery queue (it is not rewritten into each event per delivery). */
function withPending(ctx: Ctx, events: Obj[]): Obj[] {
  const counts = ctx.store.pendingCounts(events.map((e) => String(e["id"])));
  for (const e of events) e["pending_webhooks"] = counts.get(String(e["id"])) ?? 0;
  return events;
}

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/events",
    spec: { ...S.list, type: "string", types: "strings", delivery_success: "bool" },
    handler: (ctx) => {
      const type = ctx.p.str("type");
      const types = ctx.p.strs("types");
      if (type && types)
        throw invalid("You may only specify one of these parameters: type, types.", { param: "types" });
      if (types && types.length > 20) throw invalid("You may pass at most 20 types.", { param: "types" });
      const filter: ListFilter = { accounts: [ctx.account], type: "event" };
      // `customer.*` style wildcards select by prefix through the (account, type, k1) index.
      if (type?.endsWith(".*")) filter.k1Prefix = type.slice(0, -1);
      else if (type === "*") void 0;
      else if (type) filter.k1 = type;
      if (types) filter.k1In = types;
      const list = listStored(ctx, "/v1/events", ctx.p, filter, "event");
      withPending(ctx, list["data"] as Obj[]);
      return { body: list };
    },
  },
  {
    method: "GET",
    path: "/v1/events/:id",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      const e = ctx.store.get(ctx.account, id);
      if (!e || e["object"] !== "event") throw noSuch("event", id);
      return { body: withPending(ctx, [e])[0] ?? e };
    },
  },
];
