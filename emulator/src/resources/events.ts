import { invalid, noSuch } from "../http/errors.js";
import { listStored } from "../http/list.js";
import { S } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import type { ListFilter } from "../store/db.js";
import { clean } from "../domain/render.js";

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/events",
    spec: { ...S.list, type: "string", types: "strings", delivery_success: "bool" },
    handler: (ctx) => {
      const type = ctx.p.str("type");
      const types = ctx.p.strs("types");
      if (type && types) throw invalid("You may only specify one of these parameters: type, types.", { param: "types" });
      if (types && types.length > 20) throw invalid("You may pass at most 20 types.", { param: "types" });
      const filter: ListFilter = { accounts: [ctx.account], type: "event" };
      // `customer.*` style wildcards select by prefix through the (account, type, k1) index.
      if (type?.endsWith(".*")) filter.k1Prefix = type.slice(0, -1);
      else if (type === "*") void 0;
      else if (type) filter.k1 = type;
      if (types) filter.k1In = types;
      return { body: listStored(ctx, "/v1/events", ctx.p, filter, "event") };
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
      return { body: clean(e) };
    },
  },
];
