import type Stripe from "stripe";
import type { Ctx } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, noSuch } from "../domain/errors.js";
import type { Route } from "../http/pipeline.js";
import { assertRawCardDataAccess, cardDetails, testCard, type CardDetails } from "../domain/cards.js";
import { objAt, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { type CardOwnerInput, legacyCard, ownerOf } from "../domain/tokens.js";

function storeToken(ctx: Ctx, details: CardDetails, owner: CardOwnerInput): Obj {
  const tok = {
    id: newId("tok", 24),
    object: "token",
    card: legacyCard(newId("card", 24), details, owner, null),
    client_ip: null,
    created: ctx.now,
    livemode: false,
    type: "card",
    used: false,
  } satisfies Stripe.Token;
  ctx.store.put(ctx.account, tok, { type: "token" }, { pan: details.number });
  return tok;
}

/**
 * Legacy Connect cloning: with `customer` under `Stripe-Account`, tokenizes the platform
 * customer's card (the `card` parameter, else the default source) into the connected account.
 */
function tokenFromPlatformCustomer(ctx: RouteCtx, customerId: string): Obj {
  const platform = ctx.keyAccount;
  if (platform === null || platform === ctx.account) {
    throw invalid(
      "You can only create a token for a customer with an OAuth access token or the Stripe-Account header set to a connected account.",
      { param: "customer" },
    );
  }
  const customer = ctx.store.get(platform, customerId);
  if (!customer || customer["object"] !== "customer" || customer["deleted"] === true)
    throw noSuch("customer", customerId, "customer");
  const cardParam = typeof ctx.p.values["card"] === "string" ? (ctx.p.values["card"] as string) : null;
  // Extension: a customer saved through PaymentMethods (no legacy source) falls back to its
  // default payment method, then its most recently attached card.
  const newestCard = (): string | null => {
    const rows = ctx.store.list(
      { accounts: [platform], type: "payment_method", customer: customerId },
      { limit: 1 },
    ).rows;
    return rows[0] ? String(rows[0].obj["id"]) : null;
  };
  const sourceId =
    cardParam ??
    str(customer, "default_source") ??
    str(objAt(customer, "invoice_settings") ?? {}, "default_payment_method") ??
    newestCard();
  if (!sourceId) {
    throw invalid(
      `Customer ${customerId} does not have a default source; pass the card to tokenize as 'card'.`,
      { param: "card" },
    );
  }
  const source = ctx.store.get(platform, sourceId);
  const belongs = source && source["customer"] === customerId;
  if (!source || !belongs) throw noSuch("card", sourceId, "card");
  const pan = ctx.store.bookkeeping(platform, sourceId).pan ?? "4242424242424242";
  const exp = source["object"] === "card" ? source : (objAt(source, "card") ?? {});
  const details = {
    ...testCard(pan),
    exp_month: Number(exp["exp_month"]),
    exp_year: Number(exp["exp_year"]),
  };
  return storeToken(ctx, details, source["object"] === "card" ? ownerOf(source) : {});
}

function create(ctx: RouteCtx): Obj {
  const p = ctx.p;
  const customer = p.str("customer");
  if (customer) return tokenFromPlatformCustomer(ctx, customer);
  const card = p.obj("card");
  if (!card)
    throw invalid(
      "You must supply either a card, customer, PII data, bank account, or account legal entity to create a token.",
    );
  if (card.has("number")) assertRawCardDataAccess(ctx);
  const details = cardDetails({
    number: card.reqStr("number"),
    exp_month: Number(card.values["exp_month"]),
    exp_year: Number(card.values["exp_year"]),
  });
  const owner: CardOwnerInput = {};
  for (const k of [
    "name",
    "address_city",
    "address_country",
    "address_line1",
    "address_line2",
    "address_state",
    "address_zip",
  ] as const) {
    const v = card.str(k);
    if (v) owner[k] = v;
  }
  return storeToken(ctx, details, owner);
}

export const tokenRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/tokens",
    publishable: true,
    spec: {
      card: "any",
      customer: "string",
      expand: "strings",
      bank_account: "any",
      pii: "any",
      account: "any",
      person: "any",
    },
    handler: (ctx) => {
      const card = ctx.p.values["card"];
      if (card !== undefined && card !== null && typeof card === "object") {
        const allowed = new Set([
          "number",
          "exp_month",
          "exp_year",
          "cvc",
          "name",
          "address_city",
          "address_country",
          "address_line1",
          "address_line2",
          "address_state",
          "address_zip",
          "currency",
          "networks",
        ]);
        for (const k of Object.keys(card as Obj)) {
          if (!allowed.has(k))
            throw invalid(`Received unknown parameter: card[${k}]`, {
              param: `card[${k}]`,
              code: "parameter_unknown",
            });
        }
      }
      return { body: create(ctx) };
    },
  },
  {
    method: "GET",
    path: "/v1/tokens/:id",
    spec: { expand: "strings" },
    handler: (ctx) => {
      const id = ctx.path["id"] ?? "";
      const t = ctx.store.get(ctx.account, id);
      if (!t || t["object"] !== "token") throw noSuch("token", id);
      return { body: t };
    },
  },
];
