import type Stripe from "stripe";
import type { ListFilter, Obj, Page } from "../store/db.js";
import type { Ctx } from "../domain/context.js";
import { invalid } from "../domain/errors.js";
import { show } from "./params.js";
import { type P } from "../domain/params.js";

export function pageOf(p: P): Page {
  const limit = p.int("limit") ?? 10;
  if (limit < 1)
    throw invalid("This value must be greater than or equal to 1.", {
      param: "limit",
      code: "parameter_invalid_integer",
    });
  if (limit > 100)
    throw invalid("This value must be less than or equal to 100.", {
      param: "limit",
      code: "parameter_invalid_integer",
    });
  const page: Page = { limit };
  const after = p.str("starting_after");
  const before = p.str("ending_before");
  if (after && before)
    throw invalid("You may only specify one of these parameters: ending_before, starting_after.");
  if (after) page.startingAfter = after;
  if (before) page.endingBefore = before;
  return page;
}

/** `created` is either an exact timestamp or a range hash {gt, gte, lt, lte}. */
export function createdFilter(raw: unknown): ListFilter["created"] {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const toInt = (v: unknown, param: string): number => {
    if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
    throw invalid(`Invalid integer: ${show(v)}`, { param, code: "parameter_invalid_integer" });
  };
  if (typeof raw === "string") {
    const t = toInt(raw, "created");
    return { gte: t, lte: t };
  }
  if (typeof raw !== "object") throw invalid("Invalid created", { param: "created" });
  const out: NonNullable<ListFilter["created"]> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k !== "gt" && k !== "gte" && k !== "lt" && k !== "lte") {
      throw invalid(`Received unknown parameter: created[${k}]`, {
        param: `created[${k}]`,
        code: "parameter_unknown",
      });
    }
    out[k] = toInt(v, `created[${k}]`);
  }
  return out;
}

export function listObject(url: string, data: Obj[], hasMore: boolean): Obj {
  return { object: "list", data, has_more: hasMore, url } satisfies Stripe.ApiList<Obj>;
}

/** One indexed page of stored objects, as a Stripe list. */
export function listStored(ctx: Ctx, url: string, p: P, filter: ListFilter, kind: string): Obj {
  const page = pageOf(p);
  const cursor = page.startingAfter ?? page.endingBefore;
  if (cursor !== undefined && !ctx.store.hasCursor(filter.accounts, cursor)) {
    throw invalid(`No such ${kind}: '${cursor}'`, {
      param: page.startingAfter !== undefined ? "starting_after" : "ending_before",
      code: "resource_missing",
    });
  }
  const { rows, hasMore } = ctx.store.list({ ...filter, created: createdFilter(p.values["created"]) }, page);
  return listObject(
    url,
    rows.map((r) => r.obj),
    hasMore,
  );
}
