import type { Ctx } from "../domain/context.js";
import type { RouteCtx } from "../http/context.js";
import { invalid, noSuch } from "../domain/errors.js";
import type { Route } from "../http/pipeline.js";
import {
  assertRawCardDataAccess,
  cardDetails,
  legacyBrand,
  testCard,
  testTokenNumber,
  type CardDetails,
} from "../domain/cards.js";
import { clean, objAt, str } from "../domain/render.js";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";

export interface CardOwnerInput {
  name?: string | null;
  address_city?: string | null;
  address_country?: string | null;
  address_line1?: string | null;
  address_line2?: string | null;
  address_state?: string | null;
  address_zip?: string | null;
}

/** The legacy Card object (`card_…`), as tokens and customer sources carry it. */
export function legacyCard(id: string, d: CardDetails, owner: CardOwnerInput, customer: string | null): Obj {
  const o: Obj = {
    id,
    object: "card",
    address_city: owner.address_city ?? null,
    address_country: owner.address_country ?? null,
    address_line1: owner.address_line1 ?? null,
    address_line1_check: owner.address_line1 ? "pass" : null,
    address_line2: owner.address_line2 ?? null,
    address_state: owner.address_state ?? null,
    address_zip: owner.address_zip ?? null,
    address_zip_check: owner.address_zip ? "pass" : null,
    allow_redisplay: "unspecified",
    brand: legacyBrand(d.brand),
    country: d.country,
    cvc_check: null,
    dynamic_last4: null,
    exp_month: d.exp_month,
    exp_year: d.exp_year,
    fingerprint: d.fingerprint,
    funding: d.funding,
    last4: d.last4,
    metadata: {},
    name: owner.name ?? null,
    networks: { preferred: null },
    regulated_status: "unregulated",
    tokenization_method: null,
    wallet: null,
  };
  if (customer !== null) o["customer"] = customer;
  return o;
}

export function ownerOf(card: Obj): CardOwnerInput {
  const pick = (k: string): string | null => str(card, k);
  return {
    name: pick("name"),
    address_city: pick("address_city"),
    address_country: pick("address_country"),
    address_line1: pick("address_line1"),
    address_line2: pick("address_line2"),
    address_state: pick("address_state"),
    address_zip: pick("address_zip"),
  };
}

export interface ConsumedToken {
  details: CardDetails;
  /** The card inside the token; its id becomes the customer source id. */
  card: Obj;
}

/**
 * Uses a token once. Stored tokens are single-use (400 `token_already_used` on reuse); Stripe's
 * magic test tokens (`tok_visa`, …) mint a fresh card each time.
 */
export function consumeToken(ctx: Ctx, id: string, param: string): ConsumedToken {
  const testNumber = testTokenNumber(id);
  if (testNumber) {
    const details = testCard(testNumber);
    return { details, card: legacyCard(newId("card", 24), details, {}, null) };
  }
  const tok = ctx.store.get(ctx.account, id);
  if (!tok || tok["object"] !== "token") throw noSuch("token", id, param);
  if (tok["used"] === true) {
    throw invalid(`You cannot use a Stripe token more than once: ${id}.`, {
      param,
      code: "token_already_used",
    });
  }
  ctx.store.put(ctx.account, { ...tok, used: true }, { type: "token" });
  const card = objAt(tok, "card") ?? {};
  const pan = str(tok, "__pan") ?? "4242424242424242";
  return {
    details: { ...testCard(pan), exp_month: Number(card["exp_month"]), exp_year: Number(card["exp_year"]) },
    card,
  };
}

function storeToken(ctx: Ctx, details: CardDetails, owner: CardOwnerInput): Obj {
  const tok: Obj = {
    id: newId("tok", 24),
    object: "token",
    card: legacyCard(newId("card", 24), details, owner, null),
    client_ip: null,
    created: ctx.now,
    livemode: false,
    type: "card",
    used: false,
    __pan: details.number,
  };
  ctx.store.put(ctx.account, tok, { type: "token" });
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
  const pan = str(source, "__pan") ?? "4242424242424242";
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
  if (customer) return clean(tokenFromPlatformCustomer(ctx, customer));
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
  return clean(storeToken(ctx, details, owner));
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
      return { body: clean(t) };
    },
  },
];
