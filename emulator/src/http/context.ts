import type { Ctx } from "../domain/context.js";
import type { P } from "../domain/params.js";

/** A request's context as a route handler sees it: the domain's, plus its parameters and path. */
export interface RouteCtx extends Ctx {
  p: P;
  path: Record<string, string>;
}
