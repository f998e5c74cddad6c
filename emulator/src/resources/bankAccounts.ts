import type { Route } from "../http/pipeline.js";
import { verifyIntentMicrodeposits } from "../domain/bankDebits.js";

/** Microdeposit verification of a manually entered US bank account (ACH Direct Debit). */
export const bankAccountRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payment_intents/:id/verify_microdeposits",
    spec: { amounts: ["int"], descriptor_code: "string", client_secret: "string", expand: "strings" },
    handler: (ctx) => verifyIntentMicrodeposits(ctx, ctx.path["id"] ?? "", ctx.p),
  },
];
