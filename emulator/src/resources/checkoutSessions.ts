import type Stripe from "stripe";
import { type Ctx, versionAtLeast } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, missingParam, type StripeError } from "../domain/errors.js";
import { registerExpandable } from "../http/expand.js";
import { listObject, listStored, pageOf } from "../http/list.js";
import { mergeMetadata, type P } from "../domain/params.js";
import { S, type Spec } from "../http/params.js";
import type { Route } from "../http/pipeline.js";
import { checkCurrency, formatAmount, minimumAmount } from "../domain/currencies.js";
import { metadataOf, type OnTheWire } from "../domain/render.js";
import { newId, randomToken } from "../ids.js";
import type { Obj } from "../store/db.js";
import { findCustomer } from "../domain/lookup.js";
import { createSetupIntent } from "../domain/setupIntents.js";
import {
  CHECKOUT_WITHOUT_PAYMENT_METHOD_TYPES,
  refusePaymentMethodTypes,
} from "../domain/paymentMethodTypes.js";
import {
  expireSession,
  findSession,
  lineItemsOf,
  refreshExpiry,
  saveSession,
} from "../domain/checkoutSessions.js";

/** `ui_mode` values were renamed in 2026-03-25.dahlia; the old names fail on newer versions. */
const DAHLIA = "2026-03-25";
const NEW_UI_MODES = ["hosted_page", "embedded_page", "elements", "form"];
const OLD_UI_MODES = ["hosted", "embedded", "custom"];

const lineItemSpec = {
  price: "string",
  price_data: {
    currency: "string",
    unit_amount: "int",
    unit_amount_decimal: "string",
    product: "string",
    product_data: {
      name: "string",
      description: "string",
      images: "strings",
      metadata: "metadata",
      tax_code: "string",
      unit_label: "string",
    },
    recurring: "any",
    tax_behavior: "string",
  },
  quantity: "int",
  adjustable_quantity: "any",
  dynamic_tax_rates: "strings",
  metadata: "metadata",
  tax_rates: "strings",
} as const satisfies Spec;

const CREATE_SPEC = {
  mode: "string",
  ui_mode: "string",
  line_items: [lineItemSpec],
  customer: "string",
  customer_account: "string",
  customer_email: "string",
  customer_creation: "string",
  customer_update: { address: "string", name: "string", shipping: "string" },
  saved_payment_method_options: {
    allow_redisplay_filters: "strings",
    payment_method_remove: "string",
    payment_method_save: "string",
  },
  return_url: "string",
  redirect_on_completion: "string",
  success_url: "string",
  cancel_url: "string",
  payment_intent_data: {
    application_fee_amount: "int",
    capture_method: "string",
    description: "string",
    metadata: "metadata",
    on_behalf_of: "string",
    receipt_email: "string",
    setup_future_usage: "string",
    shipping: "any",
    statement_descriptor: "string",
    statement_descriptor_suffix: "string",
    transfer_data: "any",
    transfer_group: "string",
  },
  payment_method_data: { allow_redisplay: "string" },
  payment_method_types: "strings",
  payment_method_options: "any",
  payment_method_collection: "string",
  payment_method_configuration: "string",
  metadata: "metadata",
  client_reference_id: "string",
  expires_at: "int",
  locale: "string",
  expand: "strings",
  submit_type: "string",
  billing_address_collection: "string",
  phone_number_collection: { enabled: "bool" },
  shipping_address_collection: "any",
  shipping_options: "any",
  permissions: "any",
  consent_collection: "any",
  custom_fields: "any",
  custom_text: "any",
  automatic_tax: "any",
  tax_id_collection: "any",
  allow_promotion_codes: "bool",
  discounts: "any",
  invoice_creation: "any",
  adaptive_pricing: "any",
  after_expiration: "any",
  currency: "string",
  branding_settings: "any",
  name_collection: "any",
  optional_items: "any",
  origin_context: "string",
  wallet_options: "any",
  excluded_payment_method_types: "strings",
  subscription_data: "any",
  setup_intent_data: { description: "string", metadata: "metadata", on_behalf_of: "string" },
  allowed_payment_method_types: "strings",
  integration_identifier: "string",
} as const satisfies Record<string, Spec>;

function buildLineItems(ctx: Ctx, items: P[]): Obj[] {
  return items.map((li, i) => {
    const param = `line_items[${i}]`;
    const priceId = li.str("price");
    if (priceId)
      throw invalid(`No such price: '${priceId}'`, { param: `${param}[price]`, code: "resource_missing" });
    const pd = li.obj("price_data");
    if (!pd) throw missingParam(`${param}[price_data]`);
    const currency = checkCurrency(pd.reqStr("currency"), pd.param("currency"));
    const decimal = pd.str("unit_amount_decimal");
    const unit = pd.int("unit_amount") ?? (decimal ? Math.round(Number(decimal)) : undefined);
    if (unit === undefined || unit === null || Number.isNaN(unit))
      throw missingParam(`${param}[price_data][unit_amount]`);
    if (unit < 0)
      throw invalid("This value must be greater than or equal to 0.", {
        param: `${param}[price_data][unit_amount]`,
      });
    const product = pd.obj("product_data");
    const productId = pd.str("product") ?? newId("prod", 14);
    if (!product && !pd.str("product")) throw missingParam(`${param}[price_data][product_data]`);
    const quantity = li.int("quantity");
    if (quantity === undefined || quantity === null) throw missingParam(`${param}[quantity]`);
    if (quantity < 1) throw invalid("Quantity must be greater than 0.", { param: `${param}[quantity]` });
    const amount = unit * quantity;
    return {
      id: newId("li", 24),
      object: "item",
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency,
      description: product?.str("name") ?? null,
      metadata: li.meta("metadata") ?? {},
      price: {
        id: newId("price", 24),
        object: "price",
        active: false,
        billing_scheme: "per_unit",
        created: ctx.now,
        currency,
        custom_unit_amount: null,
        livemode: false,
        lookup_key: null,
        metadata: {},
        nickname: null,
        product: productId,
        recurring: null,
        tax_behavior: pd.str("tax_behavior") ?? "unspecified",
        tiers_mode: null,
        transform_quantity: null,
        type: "one_time",
        unit_amount: unit,
        unit_amount_decimal: decimal ?? String(unit),
      } satisfies OnTheWire<Stripe.Price, "unit_amount_decimal">,
      quantity,
    } satisfies Omit<Stripe.LineItem, "price"> & { price: OnTheWire<Stripe.Price, "unit_amount_decimal"> };
  });
}

function checkUiMode(ctx: Ctx, p: P): string {
  const modern = versionAtLeast(ctx.apiVersion, DAHLIA);
  const ui = p.str("ui_mode") ?? (modern ? "hosted_page" : "hosted");
  const allowed = modern ? NEW_UI_MODES : [...OLD_UI_MODES, ...NEW_UI_MODES];
  if (!allowed.includes(ui)) {
    const hint = OLD_UI_MODES.includes(ui)
      ? ` The value '${ui}' was renamed in API version 2026-03-25.dahlia (embedded → embedded_page, hosted → hosted_page, custom → elements).`
      : "";
    throw invalid(`Invalid ui_mode: must be one of ${allowed.join(", ")}.${hint}`, {
      param: "ui_mode",
      code: "parameter_invalid_string",
    });
  }
  return ui;
}

function isEmbedded(ui: string): boolean {
  return ui === "embedded_page" || ui === "embedded" || ui === "elements" || ui === "custom" || ui === "form";
}

/** Parameters Stripe refuses per mode ("You can not pass `line_items` in `setup` mode."). */
const SETUP_REFUSED = [
  "line_items",
  "payment_intent_data",
  "allow_promotion_codes",
  "saved_payment_method_options",
  "submit_type",
];
const PAYMENT_REFUSED = ["setup_intent_data"];

function create(ctx: RouteCtx): Obj {
  const p = ctx.p;
  const mode = p.str("mode");
  if (!mode) throw missingParam("mode");
  if (mode !== "payment" && mode !== "setup") {
    throw invalid(`The emulator supports modes 'payment' and 'setup' only (got '${mode}').`, {
      param: "mode",
    });
  }
  const setup = mode === "setup";
  refusePaymentMethodTypes(ctx, p, CHECKOUT_WITHOUT_PAYMENT_METHOD_TYPES);
  const refuse = (k: string): StripeError =>
    invalid(`You can not pass \`${k}\` in \`${mode}\` mode.`, { param: k });
  for (const k of setup ? SETUP_REFUSED : PAYMENT_REFUSED) if (p.has(k)) throw refuse(k);
  const ui = checkUiMode(ctx, p);
  const embedded = isEmbedded(ui);
  const returnUrl = p.str("return_url") ?? null;
  const redirect = p.str("redirect_on_completion") ?? (embedded ? "always" : null);
  if (embedded) {
    for (const k of ["success_url", "cancel_url"]) {
      if (p.str(k)) throw invalid(`You cannot set \`${k}\` when \`ui_mode\` is \`${ui}\`.`, { param: k });
    }
    if (!returnUrl && redirect !== "never") {
      throw invalid(
        `\`return_url\` is required when \`ui_mode\` is \`${ui}\` unless \`redirect_on_completion\` is \`never\`.`,
        { param: "return_url", code: "parameter_missing" },
      );
    }
  } else if (returnUrl) {
    throw invalid(`You cannot set \`return_url\` when \`ui_mode\` is \`${ui}\`.`, { param: "return_url" });
  }
  let lineItems: Obj[] = [];
  let currency: string | null;
  if (setup) {
    // Setup mode uses dynamic payment methods, which need a currency unless the types are given.
    const given = p.str("currency");
    currency = given ? checkCurrency(given) : null;
    if (!currency && !p.has("allowed_payment_method_types") && !p.has("payment_method_types"))
      throw missingParam("currency");
  } else {
    const given = p.str("currency");
    if (given) checkCurrency(given);
    const items = p.objs("line_items");
    if (!items || items.length === 0) throw missingParam("line_items");
    lineItems = buildLineItems(ctx, items);
    currency = String(lineItems[0]?.["currency"]);
    if (lineItems.some((li) => li["currency"] !== currency)) {
      throw invalid("All line items must use the same currency.", { param: "line_items" });
    }
    const total = lineItems.reduce((sum, li) => sum + Number(li["amount_total"]), 0);
    if (total < minimumAmount(currency)) {
      throw invalid(
        `The Checkout Session's total amount due must add up to at least ${formatAmount(minimumAmount(currency), currency)} ${currency}`,
      );
    }
  }
  const customer = p.str("customer") ?? null;
  if (customer) {
    findCustomer(ctx, customer, "customer");
    if (p.str("customer_email"))
      throw invalid("You may only specify one of these parameters: customer, customer_email.", {
        param: "customer_email",
      });
    if (p.str("customer_creation"))
      throw invalid("You may only specify one of these parameters: customer, customer_creation.", {
        param: "customer_creation",
      });
  }
  const creation = p.str("customer_creation");
  if (creation && creation !== "always" && creation !== "if_required") {
    throw invalid("Invalid customer_creation: must be one of always or if_required", {
      param: "customer_creation",
    });
  }
  const expiresAt = p.int("expires_at") ?? ctx.now + 24 * 3600;
  if (expiresAt < ctx.now + 30 * 60 - 5 || expiresAt > ctx.now + 24 * 3600 + 5) {
    throw invalid(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
      { param: "expires_at" },
    );
  }
  const spmo = p.obj("saved_payment_method_options");
  const save = spmo?.str("payment_method_save") ?? null;
  const remove = spmo?.str("payment_method_remove") ?? null;
  const filters = spmo?.strs("allow_redisplay_filters") ?? ["always"];
  const amount = setup ? null : lineItems.reduce((s, li) => s + Number(li["amount_total"]), 0);
  const id = `cs_test_${randomToken(58)}`;
  const sid = p.obj("setup_intent_data");
  // The session's SetupIntent exists while it is open (the SDK: "You can't confirm or cancel the
  // SetupIntent for a Checkout Session"); the page confirms it when the customer saves a card.
  const setupIntent = setup
    ? createSetupIntent(ctx, {
        customer,
        paymentMethod: null,
        description: sid?.str("description") ?? null,
        metadata: mergeMetadata({}, sid?.meta("metadata")),
        onBehalfOf: sid?.str("on_behalf_of") ?? null,
        explicitTypes: true,
        checkoutSession: id,
      })
    : null;
  const branding = ctx.world.accounts.get(ctx.account)?.branding;
  const pid = p.obj("payment_intent_data");
  const session = {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: p.bool("allow_promotion_codes") ?? null,
    allowed_payment_method_types: p.strs("allowed_payment_method_types") ?? null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: p.str("billing_address_collection") ?? null,
    branding_settings: {
      background_color: branding?.secondary_color ?? "#ffffff",
      border_style: "rounded",
      button_color: branding?.primary_color ?? "#0074d4",
      display_name: branding?.display_name ?? "",
      font_family: "default",
      icon: null,
      logo: null,
    },
    cancel_url: p.str("cancel_url") ?? null,
    client_reference_id: p.str("client_reference_id") ?? null,
    client_secret: embedded ? `${id}_secret_${randomToken(40)}` : null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: ctx.now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer,
    customer_account: null,
    customer_creation: customer ? null : (creation ?? "if_required"),
    customer_details: null,
    customer_email: p.str("customer_email") ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    livemode: false,
    locale: p.str("locale") ?? null,
    managed_payments: null,
    metadata: mergeMetadata({}, p.meta("metadata")),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: p.strs("payment_method_types") ?? ["card"],
    payment_status: setup ? "no_payment_required" : "unpaid",
    permissions: null,
    phone_number_collection: { enabled: p.obj("phone_number_collection")?.bool("enabled") ?? false },
    recovered_from: null,
    saved_payment_method_options:
      !setup && (customer || save || remove || spmo)
        ? { allow_redisplay_filters: filters, payment_method_remove: remove, payment_method_save: save }
        : null,
    setup_intent: setupIntent ? String(setupIntent["id"]) : null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: p.str("submit_type") ?? null,
    subscription: null,
    success_url: p.str("success_url") ?? null,
    total_details: setup ? null : { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: ui,
    url: embedded ? null : `${ctx.baseUrl}/_emulator/checkout/pay/${id}`,
    wallet_options: null,
    // Embedded sessions say how they end; hosted ones have only success and cancel URLs.
    ...(embedded
      ? { redirect_on_completion: redirect ?? "always", ...(returnUrl ? { return_url: returnUrl } : {}) }
      : {}),
  } satisfies Stripe.Checkout.Session;
  saveSession(ctx, ctx.account, session, { lineItems, paymentIntentData: pid ? pid.values : {} });
  return session;
}

registerExpandable("checkout.session", "line_items", (ctx, owner) => {
  return listObject(
    `/v1/checkout/sessions/${String(owner["id"])}/line_items`,
    lineItemsOf(ctx, owner),
    false,
  );
});

export const checkoutSessionRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/checkout/sessions",
    spec: CREATE_SPEC,
    handler: (ctx) => ({ body: create(ctx) }),
  },
  {
    method: "GET",
    path: "/v1/checkout/sessions/:id",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: refreshExpiry(ctx, findSession(ctx, ctx.path["id"] ?? "")) }),
  },
  {
    method: "POST",
    path: "/v1/checkout/sessions/:id",
    spec: {
      metadata: "metadata",
      shipping_options: "any",
      collected_information: "any",
      line_items: "any",
      expand: "strings",
    },
    handler: (ctx) => {
      const s = findSession(ctx, ctx.path["id"] ?? "");
      const next: Obj = { ...s };
      if (ctx.p.has("metadata")) next["metadata"] = mergeMetadata(metadataOf(s), ctx.p.meta("metadata"));
      saveSession(ctx, ctx.account, next);
      return { body: next };
    },
  },
  {
    method: "POST",
    path: "/v1/checkout/sessions/:id/expire",
    spec: { expand: "strings" },
    handler: (ctx) => ({ body: expireSession(ctx, findSession(ctx, ctx.path["id"] ?? "")) }),
  },
  {
    method: "GET",
    path: "/v1/checkout/sessions/:id/line_items",
    spec: S.list,
    handler: (ctx) => {
      const s = findSession(ctx, ctx.path["id"] ?? "");
      const page = pageOf(ctx.p);
      let items = lineItemsOf(ctx, s);
      if (page.startingAfter) items = items.slice(items.findIndex((i) => i["id"] === page.startingAfter) + 1);
      if (page.endingBefore)
        items = items.slice(
          0,
          Math.max(
            0,
            items.findIndex((i) => i["id"] === page.endingBefore),
          ),
        );
      return {
        body: listObject(
          `/v1/checkout/sessions/${String(s["id"])}/line_items`,
          items.slice(0, page.limit),
          items.length > page.limit,
        ),
      };
    },
  },
  {
    method: "GET",
    path: "/v1/checkout/sessions",
    spec: {
      ...S.list,
      customer: "string",
      customer_account: "string",
      customer_details: { email: "string" },
      payment_intent: "string",
      payment_link: "string",
      status: "string",
      subscription: "string",
    },
    handler: (ctx) => {
      const customer = ctx.p.str("customer");
      const pi = ctx.p.str("payment_intent");
      const list = listStored(
        ctx,
        "/v1/checkout/sessions",
        ctx.p,
        {
          accounts: [ctx.account],
          type: "checkout.session",
          ...(customer ? { customer } : {}),
          ...(pi ? { k1: pi } : {}),
        },
        "checkout.session",
      );
      const status = ctx.p.str("status");
      const email = ctx.p.obj("customer_details")?.str("email");
      let data = list["data"] as Obj[];
      if (status) data = data.filter((s) => s["status"] === status);
      if (email) data = data.filter((s) => (s["customer_details"] as Obj | null)?.["email"] === email);
      list["data"] = data;
      return { body: list };
    },
  },
];
