import type { Ctx } from "./context.js";
import type { Obj } from "../store/db.js";
import { noSuch } from "./errors.js";

export interface Found {
  /** The account that stores the object (for a shared card, the originating account). */
  account: string;
  obj: Obj;
}

/**
 * Finds an object visible from the acting account. Card PaymentMethods of a sharing group are
 * stored once, in the originating account, and are visible with the same id in every member.
 */
export function find(ctx: Ctx, id: string): Found | undefined {
  const own = ctx.store.get(ctx.account, id);
  if (own) return { account: ctx.account, obj: own };
  if (id.startsWith("pm_")) {
    for (const a of ctx.world.sharingGroup(ctx.account)) {
      if (a === ctx.account) continue;
      const o = ctx.store.get(a, id);
      if (o && o["type"] === "card") return { account: a, obj: o };
    }
  }
  return undefined;
}

export function findTyped(ctx: Ctx, id: string, object: string): Found | undefined {
  const f = find(ctx, id);
  return f && f.obj["object"] === object ? f : undefined;
}

export function findCustomer(ctx: Ctx, id: string, param = "id"): Obj {
  const o = ctx.store.get(ctx.account, id);
  if (!o || o["object"] !== "customer" || o["deleted"] === true) throw noSuch("customer", id, param);
  return o;
}
