import { newId } from "../ids.js";
import type { Obj } from "../store/db.js";
import { assertRawCardDataAccess, behaviourOf, cardDetails, cardError } from "./cards.js";
import type { Ctx } from "./context.js";
import { invalid, noSuch } from "./errors.js";
import { emit } from "./events.js";
import { consumeToken, legacyCard, ownerOf } from "./tokens.js";

/** A customer's legacy card sources (`card_…`), kept in the account that added them. */

export function listCustomerCards(ctx: Ctx, customerId: string): Obj[] {
  return ctx.store
    .list({ accounts: [ctx.account], type: "card", customer: customerId }, { limit: 100 })
    .rows.map((r) => r.obj);
}

/**
 * Adds a legacy card source (`card_…`) to a customer of the acting account from a token or a raw
 * card hash. Legacy sources are never shared across an organization (reference §F).
 */
export function addCardSource(ctx: Ctx, customer: Obj, source: unknown, param: string): Obj {
  const customerId = String(customer["id"]);
  let card: Obj;
  let pan: string;
  if (typeof source === "string") {
    if (!source.startsWith("tok_")) throw noSuch("source", source, param);
    const consumed = consumeToken(ctx, source, param);
    pan = consumed.details.number;
    card = legacyCard(String(consumed.card["id"]), consumed.details, ownerOf(consumed.card), customerId);
  } else if (source !== null && typeof source === "object") {
    const s = source as Record<string, unknown>;
    if (s["number"] !== undefined) assertRawCardDataAccess(ctx);
    const details = cardDetails(
      {
        number: String(s["number"] ?? ""),
        exp_month: Number(s["exp_month"]),
        exp_year: Number(s["exp_year"]),
      },
      param,
    );
    pan = details.number;
    card = legacyCard(
      newId("card", 24),
      details,
      { name: typeof s["name"] === "string" ? s["name"] : null },
      customerId,
    );
  } else {
    throw invalid("Invalid source", { param });
  }
  const decline = behaviourOf(pan).attach;
  if (decline) throw cardError(decline, param);
  ctx.store.put(ctx.account, card, { type: "card", customer: customerId }, { pan });
  emit(ctx, ctx.account, "customer.source.created", card);
  return card;
}
