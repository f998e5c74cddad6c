import { find } from "../domain/lookup.js";
import type { Obj } from "../store/db.js";
import type { Ctx } from "../domain/context.js";
import { invalid } from "../domain/errors.js";

/** Fields that are absent unless expanded (e.g. `line_items` on a Checkout Session). */
type Materializer = (ctx: Ctx, owner: Obj) => Obj;
const materializers = new Map<string, Materializer>();

export function registerExpandable(objectType: string, field: string, fn: Materializer): void {
  materializers.set(`${objectType}.${field}`, fn);
}

const MAX_DEPTH = 4;

function expandPath(ctx: Ctx, target: Obj, segments: string[], full: string): void {
  if (target["object"] === "list" && segments[0] === "data") {
    const data = target["data"];
    if (Array.isArray(data)) for (const item of data as Obj[]) expandPath(ctx, item, segments.slice(1), full);
    return;
  }
  const [field, ...rest] = segments;
  if (field === undefined) return;
  const materialize = materializers.get(`${String(target["object"])}.${field}`);
  let value = target[field];
  if (materialize && (value === undefined || value === null || typeof value === "string")) {
    value = materialize(ctx, target);
    target[field] = value;
  } else if (typeof value === "string") {
    const found = find(ctx, value);
    if (found) {
      value = found.obj;
      target[field] = value;
    }
  } else if (value === undefined) {
    throw invalid(`This property cannot be expanded (${full}).`, { param: "expand" });
  }
  if (rest.length > 0 && value !== null && typeof value === "object")
    expandPath(ctx, value as Obj, rest, full);
}

export function applyExpand(ctx: Ctx, obj: Obj, paths: readonly string[] | undefined): Obj {
  if (!paths || paths.length === 0) return obj;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_DEPTH) {
      throw invalid(`You cannot expand more than 4 levels of a property. Property: ${path}`, {
        param: "expand",
      });
    }
    expandPath(ctx, obj, segments, path);
  }
  return obj;
}
