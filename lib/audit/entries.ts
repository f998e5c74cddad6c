import { z } from "zod";
import { cardLabel } from "@/lib/cards";
import { formatMoney } from "@/lib/money";

/** A card as the trail remembers it: enough to name it after it is gone. */
const cardSchema = z.object({ id: z.string(), brand: z.string().nullable(), last4: z.string().nullable() });
export type TrailCard = z.infer<typeof cardSchema>;

/** Every change the trail records, with what each one keeps. One schema: writer and reader agree. */
export const auditChangeSchema = z.discriminatedUnion("action", [
  /** The shopper ticked "save my card" at a brand's checkout. */
  z.object({ action: z.literal("card.saved"), card: cardSchema, brand: z.string() }),
  /** An admin saved a card for the shopper, with the consent they recorded. */
  z.object({ action: z.literal("card.added"), card: cardSchema, consent: z.string() }),
  z.object({ action: z.literal("card.removed"), card: cardSchema }),
  z.object({ action: z.literal("wallet.brand_changed"), brand: z.string(), offerSavedCards: z.boolean() }),
  /** Which fields of the shared profile changed (their values are on the profile itself). */
  z.object({ action: z.literal("profile.edited"), fields: z.array(z.string()) }),
  z.object({ action: z.literal("passkey.added"), passkeyId: z.string(), name: z.string() }),
  z.object({ action: z.literal("passkey.removed"), passkeyId: z.string(), name: z.string() }),
  z.object({
    action: z.literal("refund.created"),
    brand: z.string(),
    paymentIntentId: z.string(),
    refundId: z.string(),
    amount: z.number(),
    currency: z.string(),
    reason: z.string(),
  }),
]);
export type AuditChange = z.infer<typeof auditChangeSchema>;
export type AuditAction = AuditChange["action"];

export type ActorRole = "shopper" | "admin";

/** Who made a change: the shopper themself or an admin, by user id. */
export interface Actor {
  id: string;
  role: ActorRole;
}

/** A stored entry as the pages show it. */
export interface TrailEntry {
  id: string;
  at: Date;
  actor: Actor & { email: string | null };
  change: AuditChange | null;
}

const PROFILE_FIELD_NAMES: Record<string, string> = {
  name: "name",
  email: "email",
  phone: "phone",
  address: "address",
};

/**
 * What a change was, in a sentence a shopper or an admin reads in the trail. `brandName` names
 * a brand by its slug (a brand no longer configured keeps its slug).
 */
export function describeChange(change: AuditChange | null, brandName: (slug: string) => string): string {
  if (!change) return "A change this version of the app cannot describe.";
  switch (change.action) {
    case "card.saved":
      return `Saved ${trailCardLabel(change.card)} at ${brandName(change.brand)}.`;
    case "card.added":
      return `Added ${trailCardLabel(change.card)} for every brand (consent: “${change.consent}”).`;
    case "card.removed":
      return `Removed ${trailCardLabel(change.card)} from every brand.`;
    case "wallet.brand_changed":
      return change.offerSavedCards
        ? `${brandName(change.brand)} may offer the saved cards again.`
        : `${brandName(change.brand)} no longer offers the saved cards.`;
    case "profile.edited": {
      const fields = change.fields.map((field) => PROFILE_FIELD_NAMES[field] ?? field);
      return fields.length
        ? `Edited the shared profile (${fields.join(", ")}).`
        : "Saved the shared profile.";
    }
    case "passkey.added":
      return `Added the passkey “${change.name}”.`;
    case "passkey.removed":
      return `Removed the passkey “${change.name}”.`;
    case "refund.created":
      return `Refunded ${formatMoney(change.amount, change.currency)} of a payment at ${brandName(change.brand)} (reason: “${change.reason}”).`;
  }
}

export function trailCardLabel(card: TrailCard): string {
  return card.last4 ? cardLabel({ brand: card.brand, last4: card.last4 }) : "a card";
}

/** Who made a change, as the shopper reads it on their own account page. */
export function actorForShopper(actor: TrailEntry["actor"]): string {
  return actor.role === "shopper" ? "You" : "Rocket support";
}

/** Who made a change, as an admin reads it: the shopper, or which admin. */
export function actorForAdmin(actor: TrailEntry["actor"]): string {
  if (actor.role === "shopper") return "The shopper";
  return actor.email ? `Admin ${actor.email}` : "An admin";
}

/** The stored detail of an entry back to its change; null when it is not one we know. */
export function parseChange(action: string, detail: string): AuditChange | null {
  try {
    const parsed = auditChangeSchema.safeParse({ ...(JSON.parse(detail) as object), action });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The fields of a shared profile that differ between two versions of it. */
export function changedProfileFields<T extends Record<string, unknown>>(before: T, after: T): string[] {
  return Object.keys(PROFILE_FIELD_NAMES).filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}
