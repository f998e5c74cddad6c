import type { Route } from "../http/pipeline.js";
import { customerRoutes } from "./customers.js";
import { paymentMethodRoutes } from "./paymentMethods.js";
import { sourceRoutes } from "./sources.js";
import { tokenRoutes } from "./tokens.js";

export const apiRoutes: Route[] = [...customerRoutes, ...paymentMethodRoutes, ...sourceRoutes, ...tokenRoutes];
