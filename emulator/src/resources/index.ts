import type { Route } from "../http/pipeline.js";
import { bankAccountRoutes } from "./bankAccounts.js";
import { chargeRoutes } from "./charges.js";
import { checkoutSessionRoutes } from "./checkoutSessions.js";
import { confirmationTokenRoutes } from "./confirmationTokens.js";
import { customerRoutes } from "./customers.js";
import { eventRoutes } from "./events.js";
import { paymentIntentRoutes } from "./paymentIntents.js";
import { paymentMethodRoutes } from "./paymentMethods.js";
import { refundRoutes } from "./refunds.js";
import { setupIntentRoutes } from "./setupIntents.js";
import { sourceRoutes } from "./sources.js";
import { tokenRoutes } from "./tokens.js";
import { webhookEndpointRoutes } from "./webhookEndpoints.js";

export const apiRoutes: Route[] = [
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...sourceRoutes,
  ...tokenRoutes,
  ...paymentIntentRoutes,
  ...bankAccountRoutes,
  ...setupIntentRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...checkoutSessionRoutes,
  ...eventRoutes,
  ...webhookEndpointRoutes,
  ...confirmationTokenRoutes,
];
