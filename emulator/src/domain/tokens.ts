import type Stripe from "stripe";
import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { type CardDetails, legacyBrand, testCard, testTokenNumber } from "./cards.js";
import type { Ctx } from "./context.js";
import { invalid, noSuch } from "./errors.js";
import { objAt, str } from "./render.js";

/** Card tokens and the legacy Card object they carry. */

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
export function legacyCard(id: string, d: CardDetails, owner: CardOwnerInput, customer: string | null) {
  const o = {
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
    // A source belongs to its customer; a token's card belongs to no one and has no `customer`.
    ...(customer !== null ? { customer } : {}),
  } satisfies Stripe.Card;
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
  const pan = ctx.store.bookkeeping(ctx.account, id).pan ?? "4242424242424242";
  return {
    details: { ...testCard(pan), exp_month: Number(card["exp_month"]), exp_year: Number(card["exp_year"]) },
    card,
  };
}
