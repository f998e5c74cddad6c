import type { Ctx, HandlerResult } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid } from "../domain/errors.js";
import { listStored } from "../http/list.js";
import { mergeMetadata, type P } from "../domain/params.js";
import { S, type Spec } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import {
  cancelSetupIntent,
  confirmSetupIntent,
  createSetupIntent,
  saveSetupIntent,
  type SetupOutcome,
  findSetupIntent,
} from "../domain/setupIntents.js";
import { paymentMethodTypesOf } from "../domain/paymentMethodTypes.js";
import { checkClientSecret, errorView, intentView } from "../domain/clientSecret.js";
import { metadataOf } from "../domain/render.js";
import type { Obj } from "../store/db.js";
import {
  confirmationTokenOf,
  spendConfirmationToken,
  tokenPaymentMethod,
  type TokenInputs,
} from "./confirmationTokens.js";
import { findCustomer } from "../domain/lookup.js";
import { paymentMethodDataSpec } from "./paymentMethods.js";
import { paymentMethodOf, resolvePaymentMethod } from "../domain/paymentMethods.js";

const CONFIRM_FIELDS = {
  payment_method: "string",
  payment_method_data: paymentMethodDataSpec,
  payment_method_options: "any",
  allowed_payment_method_types: "strings",
  return_url: "string",
  use_stripe_sdk: "bool",
  mandate_data: "any",
  confirmation_token: "string",
  expand: "strings",
} as const satisfies Record<string, Spec>;

const UPDATE_FIELDS = {
  payment_method: "string",
  payment_method_data: paymentMethodDataSpec,
  payment_method_options: "any",
  payment_method_types: "strings",
  allowed_payment_method_types: "strings",
  excluded_payment_method_types: "strings",
  payment_method_configuration: "string",
  attach_to_self: "bool",
  flow_directions: "strings",
  customer: "string",
  customer_account: "string",
  description: "string",
  metadata: "metadata",
  expand: "strings",
} as const satisfies Record<string, Spec>;

const CREATE_FIELDS = {
  ...UPDATE_FIELDS,
  ...CONFIRM_FIELDS,
  confirm: "bool",
  usage: "string",
  on_behalf_of: "string",
  automatic_payment_methods: { enabled: "bool", allow_redirects: "string" },
  single_use: "any",
} as const satisfies Record<string, Spec>;

function resolveId(ctx: Ctx): (id: string) => string {
  return (id) => String(resolvePaymentMethod(ctx, id, "payment_method").obj["id"]);
}

/** Checkout owns the SetupIntent of a setup-mode session (SDK doc: "You can't confirm or cancel it"). */
function refuseCheckoutOwned(ctx: Ctx, si: Obj, action: string): void {
  const session = ctx.store.bookkeeping(ctx.account, String(si["id"])).checkoutSession;
  if (session) {
    throw invalid(
      `You cannot ${action} this SetupIntent because it belongs to the Checkout Session ${session}. Expire the Checkout Session instead.`,
      { code: "setup_intent_unexpected_state" },
    );
  }
}

function respond(ctx: Ctx, outcome: SetupOutcome): HandlerResult {
  if (outcome.error) return { status: 402, body: { error: errorView(ctx, "setup_intent", outcome.error) } };
  return { body: intentView(ctx, "setup_intent", outcome.si) };
}

/** The request's own options, else the ConfirmationToken's (the request takes precedence). */
function confirmOptions(
  p: P,
  token: TokenInputs | null,
): { returnUrl: string | null; useStripeSdk: boolean } {
  return {
    returnUrl: p.str("return_url") ?? token?.returnUrl ?? null,
    useStripeSdk: p.bool("use_stripe_sdk") ?? token?.useStripeSdk ?? false,
  };
}

/** The PaymentMethod to set up: the request's, else the ConfirmationToken's. */
function tokenMethod(ctx: Ctx, p: P, token: TokenInputs | null): string | null {
  if (!token || p.has("payment_method") || p.has("payment_method_data")) return null;
  return resolveId(ctx)(tokenPaymentMethod(ctx, token));
}

function create(ctx: RouteCtx): HandlerResult {
  const p = ctx.p;
  const types = paymentMethodTypesOf(ctx, p);
  const usage = p.str("usage") ?? "off_session";
  if (usage !== "off_session" && usage !== "on_session") {
    throw invalid("Invalid usage: must be one of on_session or off_session", { param: "usage" });
  }
  const customer = p.str("customer") ?? null;
  if (customer) findCustomer(ctx, customer, "customer");
  if (p.has("confirmation_token") && p.bool("confirm") !== true) {
    throw invalid("You can only use `confirmation_token` when `confirm` is `true`.", {
      param: "confirmation_token",
    });
  }
  const token = confirmationTokenOf(ctx, p);
  const pm = paymentMethodOf(ctx, p, resolveId(ctx)) ?? tokenMethod(ctx, p, token);
  const si = createSetupIntent(ctx, {
    customer,
    paymentMethod: pm,
    usage,
    description: p.str("description") ?? null,
    metadata: mergeMetadata({}, p.meta("metadata")),
    onBehalfOf: p.str("on_behalf_of") ?? null,
    allowedTypes: types.allowed,
    explicitTypes: types.explicit,
  });
  if (p.bool("confirm") !== true) return { body: si };
  if (token) spendConfirmationToken(ctx, token, "setup_intent", String(si["id"]));
  return respond(ctx, confirmSetupIntent(ctx, si, confirmOptions(p, token)));
}

function confirm(ctx: RouteCtx): HandlerResult {
  const p = ctx.p;
  const si = findSetupIntent(ctx, ctx.path["id"] ?? "");
  checkClientSecret(ctx, "setup_intent", si, p, false);
  refuseCheckoutOwned(ctx, si, "confirm");
  const token = confirmationTokenOf(ctx, p);
  const next: Obj = { ...si };
  const pm = paymentMethodOf(ctx, p, resolveId(ctx)) ?? tokenMethod(ctx, p, token);
  if (pm) next["payment_method"] = pm;
  if (token) spendConfirmationToken(ctx, token, "setup_intent", String(si["id"]));
  return respond(ctx, confirmSetupIntent(ctx, next, confirmOptions(p, token)));
}

function update(ctx: RouteCtx): Obj {
  const p = ctx.p;
  const si = findSetupIntent(ctx, ctx.path["id"] ?? "");
  const status = String(si["status"]);
  if (status === "succeeded" || status === "canceled") {
    throw invalid(`You cannot update this SetupIntent because it has a status of ${status}.`, {
      code: "setup_intent_unexpected_state",
    });
  }
  const types = paymentMethodTypesOf(ctx, p);
  const next: Obj = { ...si };
  if (types.allowed) next["allowed_payment_method_types"] = types.allowed;
  if (types.explicit) next["automatic_payment_methods"] = null;
  if (p.has("customer")) {
    const c = p.str("customer");
    if (c) findCustomer(ctx, c, "customer");
    next["customer"] = c ?? null;
  }
  const pm = paymentMethodOf(ctx, p, resolveId(ctx));
  if (pm) {
    next["payment_method"] = pm;
    next["status"] = "requires_confirmation";
    next["next_action"] = null;
  }
  if (p.has("description")) next["description"] = p.str("description") ?? null;
  if (p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(si), p.meta("metadata"));
  saveSetupIntent(ctx, next);
  return next;
}

export const setupIntentRoutes: Route[] = [
  { method: "POST", path: "/v1/setup_intents", spec: CREATE_FIELDS, handler: create },
  {
    method: "GET",
    path: "/v1/setup_intents/:id",
    spec: { client_secret: "string", expand: "strings" },
    publishable: true,
    handler: (ctx) => {
      const si = findSetupIntent(ctx, ctx.path["id"] ?? "");
      checkClientSecret(ctx, "setup_intent", si, ctx.p, true);
      return { body: intentView(ctx, "setup_intent", si) };
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id",
    spec: UPDATE_FIELDS,
    handler: (ctx) => ({ body: update(ctx) }),
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/confirm",
    // `client_secret` is for publishable keys only (a secret key's is refused as unknown).
    spec: { ...CONFIRM_FIELDS, client_secret: "string" },
    publishable: true,
    handler: confirm,
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/cancel",
    spec: { cancellation_reason: "string", expand: "strings" },
    handler: (ctx) => {
      const si = findSetupIntent(ctx, ctx.path["id"] ?? "");
      refuseCheckoutOwned(ctx, si, "cancel");
      return { body: cancelSetupIntent(ctx, si, ctx.p.str("cancellation_reason") ?? null) };
    },
  },
  {
    method: "GET",
    path: "/v1/setup_intents",
    spec: {
      ...S.list,
      customer: "string",
      customer_account: "string",
      payment_method: "string",
      attach_to_self: "bool",
    },
    handler: (ctx) => {
      const customer = ctx.p.str("customer");
      const pm = ctx.p.str("payment_method");
      return {
        body: listStored(
          ctx,
          "/v1/setup_intents",
          ctx.p,
          {
            accounts: [ctx.account],
            type: "setup_intent",
            ...(customer ? { customer } : {}),
            ...(pm ? { k1: pm } : {}),
          },
          "setup_intent",
        ),
      };
    },
  },
];
