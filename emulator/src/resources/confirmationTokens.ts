import type Stripe from "stripe";
import type { Ctx } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, missingParam, noSuch } from "../domain/errors.js";
import { S, type Spec } from "../http/params.js";
import { type P } from "../domain/params.js";
import type { Route } from "../http/pipeline.js";
import { testCard, testPaymentMethodNumber } from "../domain/cards.js";
import { objAt, storedAs, storedPart, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import {
  cardHash,
  createCardPaymentMethod,
  createFromParams,
  resolvePaymentMethod,
} from "../domain/paymentMethods.js";
import { paymentMethodDataSpec } from "./paymentMethods.js";

/**
 * ConfirmationTokens carry what a customer entered (the card, shipping, return URL, whether to save
 * the card) from the client to the server, which confirms an intent with them. Server-side they come
 * from the test helper; each one confirms a single PaymentIntent or SetupIntent, in the account that
 * created it, before it expires.
 */

/** The API reference's example token expires 12 hours after it was created. */
const LIFETIME_SECONDS = 12 * 60 * 60;

/** `payment_method_data[type]` values Stripe's test helper takes (stripe-node 23's types): no `card`. */
const HELPER_TYPES = [
  "acss_debit",
  "affirm",
  "afterpay_clearpay",
  "alipay",
  "alma",
  "amazon_pay",
  "au_becs_debit",
  "bacs_debit",
  "bancontact",
  "billie",
  "bizum",
  "blik",
  "boleto",
  "cashapp",
  "crypto",
  "customer_balance",
  "eps",
  "fpx",
  "giropay",
  "grabpay",
  "ideal",
  "kakao_pay",
  "klarna",
  "konbini",
  "kr_card",
  "link",
  "mb_way",
  "mobilepay",
  "multibanco",
  "naver_pay",
  "nz_bank_account",
  "oxxo",
  "p24",
  "pay_by_bank",
  "payco",
  "paynow",
  "paypal",
  "paypay",
  "payto",
  "pix",
  "promptpay",
  "revolut_pay",
  "samsung_pay",
  "satispay",
  "scalapay",
  "sepa_debit",
  "sequra",
  "sofort",
  "sunbit",
  "swish",
  "twint",
  "upi",
  "us_bank_account",
  "wechat_pay",
  "zip",
];

const CREATE_SPEC = {
  payment_method: "string",
  payment_method_data: {
    type: "string",
    billing_details: {
      address: S.address,
      email: "string",
      name: "string",
      phone: "string",
      tax_id: "string",
    },
    metadata: "metadata",
    allow_redisplay: "string",
    radar_options: "any",
  },
  payment_method_options: {
    card: { installments: { plan: { count: "int", interval: "string", type: "string" } } },
  },
  return_url: "string",
  setup_future_usage: "string",
  shipping: { address: S.address, name: "string", phone: "string" },
  expand: "strings",
} as const satisfies Record<string, Spec>;

/** What Stripe.js sends: the card the customer typed (`payment_method_data`), never a PaymentMethod id. */
const PUBLISHABLE_CREATE_SPEC = {
  payment_method_data: paymentMethodDataSpec,
  payment_method_options: CREATE_SPEC.payment_method_options,
  return_url: "string",
  setup_future_usage: "string",
  shipping: CREATE_SPEC.shipping,
  expand: "strings",
} as const satisfies Record<string, Spec>;

function address(a: P | null | undefined): Stripe.Address {
  const at = (k: keyof Stripe.Address): string | null => a?.str(k) ?? null;
  return {
    city: at("city"),
    country: at("country"),
    line1: at("line1"),
    line2: at("line2"),
    postal_code: at("postal_code"),
    state: at("state"),
  };
}

type Preview = Stripe.ConfirmationToken.PaymentMethodPreview;

const EMPTY_BILLING: Preview["billing_details"] = {
  address: address(null),
  email: null,
  name: null,
  phone: null,
  tax_id: null,
};

/**
 * The preview and where its PaymentMethod comes from: a test id (`pm_card_visa`) mints a new
 * PaymentMethod when the token is used, as Stripe mints one per use; a stored PaymentMethod (a
 * customer's saved card) is used as it is.
 */
function previewOf(ctx: Ctx, p: P): { preview: Preview; source: Obj } {
  const id = p.str("payment_method");
  const data = p.obj("payment_method_data");
  if (id && data) {
    throw invalid("You may only specify one of these parameters: payment_method, payment_method_data.", {
      param: "payment_method_data",
    });
  }
  if (data && ctx.publishable) {
    // Stripe.js's createConfirmationToken: the card the customer typed becomes the token's
    // PaymentMethod (created now, unattached, so it is spent by the one intent it confirms).
    const pm = storedAs<Stripe.PaymentMethod>(createFromParams(ctx, data).obj);
    return { preview: previewFrom(pm), source: { payment_method: pm.id } };
  }
  if (ctx.publishable) throw missingParam("payment_method_data");
  if (data) {
    const type = data.reqStr("type");
    if (!HELPER_TYPES.includes(type)) {
      throw invalid(`Invalid payment_method_data[type]: must be one of ${HELPER_TYPES.join(", ")}`, {
        param: data.param("type"),
      });
    }
    throw invalid(`The emulator supports only card PaymentMethods (got '${type}').`, {
      param: data.param("type"),
    });
  }
  if (!id) throw missingParam("payment_method");
  const number = testPaymentMethodNumber(id);
  if (number) {
    return {
      preview: {
        allow_redisplay: "unspecified",
        billing_details: EMPTY_BILLING,
        card: cardHash(testCard(number)),
        customer: null,
        customer_account: null,
        type: "card",
      },
      source: { test_number: number },
    };
  }
  const pm = storedAs<Stripe.PaymentMethod>(resolvePaymentMethod(ctx, id, "payment_method").obj);
  return { preview: previewFrom(pm), source: { payment_method: pm.id } };
}

function previewFrom(pm: Stripe.PaymentMethod): Preview {
  const preview: Preview = {
    allow_redisplay: pm.allow_redisplay ?? "unspecified",
    billing_details: pm.billing_details,
    customer: typeof pm.customer === "string" ? pm.customer : null,
    customer_account: null,
    type: pm.type,
  };
  if (pm.card) preview.card = pm.card;
  return preview;
}

function shippingOf(p: P): Stripe.ConfirmationToken.Shipping | null {
  const s = p.obj("shipping");
  if (!s) return null;
  const name = s.str("name");
  if (!name) throw missingParam("shipping[name]");
  const a = s.obj("address");
  if (!a) throw missingParam("shipping[address]");
  return { address: address(a), name, phone: s.str("phone") ?? null };
}

function optionsOf(p: P): Stripe.ConfirmationToken.PaymentMethodOptions | null {
  const card = p.obj("payment_method_options")?.obj("card");
  if (!card) return null;
  const plan = card.obj("installments")?.obj("plan");
  const out: Stripe.ConfirmationToken.PaymentMethodOptions.Card = { cvc_token: null };
  if (plan) {
    const interval = plan.str("interval") ?? null;
    // Installment plans are monthly: Stripe knows no other interval.
    if (interval !== null && interval !== "month") {
      throw invalid(`Invalid ${plan.param("interval")}: must be month`, { param: plan.param("interval") });
    }
    out.installments = {
      plan: {
        count: plan.int("count") ?? null,
        interval,
        type: plan.reqStr("type"),
      },
    };
  }
  return { card: out };
}

function create(ctx: RouteCtx): Obj {
  const p = ctx.p;
  const sfu = p.str("setup_future_usage") ?? null;
  if (sfu !== null && sfu !== "off_session" && sfu !== "on_session") {
    throw invalid("Invalid setup_future_usage: must be one of off_session or on_session", {
      param: "setup_future_usage",
    });
  }
  const { preview, source } = previewOf(ctx, p);
  const token = {
    id: newId("ctoken", 24),
    object: "confirmation_token",
    created: ctx.now,
    expires_at: ctx.now + LIFETIME_SECONDS,
    livemode: false,
    mandate_data: null,
    metadata: null,
    payment_intent: null,
    payment_method_options: optionsOf(p),
    payment_method_preview: preview,
    return_url: p.str("return_url") ?? null,
    setup_future_usage: sfu,
    setup_intent: null,
    shipping: shippingOf(p),
    use_stripe_sdk: true,
  } satisfies Stripe.ConfirmationToken;
  ctx.store.put(ctx.account, token, { type: "confirmation_token" }, { source });
  return token;
}

function findToken(ctx: Ctx, id: string, param: string): Obj {
  const t = ctx.store.get(ctx.account, id);
  if (!t || t["object"] !== "confirmation_token") throw noSuch("confirmation_token", id, param);
  return t;
}

/** What a confirmation takes from its token when the request does not say otherwise. */
export interface TokenInputs {
  token: Obj;
  returnUrl: string | null;
  setupFutureUsage: string | null;
  useStripeSdk: boolean;
  /** In the PaymentIntent's `shipping` shape. */
  shipping: Stripe.PaymentIntent.Shipping | null;
}

/**
 * The `confirmation_token` of a create-and-confirm or confirm request, checked for use: it must
 * belong to the acting account, be unused and unexpired. The messages for a used or expired token
 * are ours (Stripe's are not public); the code and param follow its other refusals.
 */
export function confirmationTokenOf(ctx: Ctx, p: P): TokenInputs | null {
  const id = p.str("confirmation_token");
  if (!id) return null;
  const token = findToken(ctx, id, "confirmation_token");
  const usedBy = str(token, "payment_intent") ?? str(token, "setup_intent");
  if (usedBy !== null) {
    throw invalid(
      `The ConfirmationToken ${id} has already been used to confirm ${usedBy}. A ConfirmationToken can be used only once; create a new one.`,
      { param: "confirmation_token" },
    );
  }
  if (ctx.now >= Number(token["expires_at"])) {
    throw invalid(`The ConfirmationToken ${id} has expired. Create a new one.`, {
      param: "confirmation_token",
    });
  }
  const s = storedPart<Stripe.ConfirmationToken.Shipping>(token, "shipping");
  return {
    token,
    returnUrl: str(token, "return_url"),
    setupFutureUsage: str(token, "setup_future_usage"),
    useStripeSdk: token["use_stripe_sdk"] === true,
    shipping: s
      ? { address: s.address, carrier: null, name: s.name, phone: s.phone, tracking_number: null }
      : null,
  };
}

/** The PaymentMethod the token stands for; a test card becomes a new PaymentMethod now. */
export function tokenPaymentMethod(ctx: Ctx, t: TokenInputs): string {
  const source = ctx.store.bookkeeping(ctx.account, String(t.token["id"])).source ?? {};
  const stored = str(source, "payment_method");
  if (stored) return stored;
  const preview = objAt(t.token, "payment_method_preview") ?? {};
  const created = createCardPaymentMethod(ctx, testCard(String(source["test_number"])), {
    allowRedisplay: str(preview, "allow_redisplay") ?? "unspecified",
  });
  return String(created.obj["id"]);
}

/** Spends the token on the intent it confirmed (`payment_intent` or `setup_intent`). */
export function spendConfirmationToken(
  ctx: Ctx,
  t: TokenInputs,
  kind: "payment_intent" | "setup_intent",
  intentId: string,
): void {
  ctx.store.put(ctx.account, { ...t.token, [kind]: intentId }, { type: "confirmation_token" });
}

export const confirmationTokenRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/test_helpers/confirmation_tokens",
    spec: CREATE_SPEC,
    handler: (ctx) => ({ body: create(ctx) }),
  },
  {
    // Stripe.js (`createConfirmationToken`) creates tokens with the publishable key and the card
    // the customer typed; secret keys use the test helper above.
    method: "POST",
    path: "/v1/confirmation_tokens",
    spec: PUBLISHABLE_CREATE_SPEC,
    publishable: true,
    handler: (ctx) => {
      if (!ctx.publishable) {
        throw invalid(
          "ConfirmationTokens are created client-side, with a publishable key (Stripe.js createConfirmationToken). With a secret key, use POST /v1/test_helpers/confirmation_tokens.",
        );
      }
      return { body: create(ctx) };
    },
  },
  {
    method: "GET",
    path: "/v1/confirmation_tokens/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: findToken(ctx, ctx.path["id"] ?? "", "id") }),
  },
];
