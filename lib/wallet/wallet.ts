import "server-only";
import type { Actor } from "@/lib/audit/entries";
import { cardOrigins, recordChange, type CardOrigin } from "@/lib/audit/trail";
import { brands, findBrand } from "@/lib/brands";
import { sharingStrategy } from "@/lib/customers";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { customerChanged } from "@/lib/customers/data-version";
import { stripeFailure } from "@/lib/stripe/app-error";
import type { BrandChoice } from "@/lib/wallet/brand-choice-input";
import { brandChoices, offersSavedCards, storeBrandChoice } from "@/lib/wallet/brand-choices";

export type { BrandChoice } from "@/lib/wallet/brand-choice-input";

/** Every configured brand with the shopper's choice for it, in the brands' order. */
export async function walletChoices(userId: string): Promise<BrandChoice[]> {
  const choices = await brandChoices(userId);
  return brands.map((brand) => ({
    slug: brand.slug,
    name: brand.name,
    offerSavedCards: choices.get(brand.slug) ?? true,
  }));
}

/**
 * The shopper (or an admin for them) decides whether `brandSlug` may offer their saved cards.
 * It takes effect at the next checkout there. Allowing a brand again makes the cards usable
 * there ahead of that checkout; when Stripe cannot be reached for that, the checkout does it.
 */
export async function changeBrandChoice(
  userId: string,
  actor: Actor,
  brandSlug: string,
  offerSavedCards: boolean,
): Promise<BrandChoice> {
  const brand = findBrand(brandSlug);
  if (!brand) throw new AppError("not_found", `There is no brand called "${brandSlug}".`);
  const changed = await storeBrandChoice(userId, actor, brand.slug, offerSavedCards);
  if (changed && offerSavedCards) {
    const owner = await ownerOf(userId);
    if (owner.stripeCustomerId) {
      await sharingStrategy()
        .prepareBrand(owner, brand)
        .catch((error: unknown) => {
          logger.warn({ err: error, brand: brand.slug }, "saved cards not prepared ahead; checkout will");
        });
    }
  }
  return { slug: brand.slug, name: brand.name, offerSavedCards };
}

/**
 * Removes one of the shopper's saved cards from every brand, and records who did. A card that
 * is not one of theirs (or no longer is) is a 404, the same for anyone's card.
 */
export async function removeSavedCard(userId: string, actor: Actor, paymentMethodId: string): Promise<void> {
  const owner = await ownerOf(userId);
  const missing = new AppError("not_found", "That card is not one of the saved cards (any more).");
  const customerId = owner.stripeCustomerId;
  if (!customerId) throw missing;
  const strategy = sharingStrategy();
  try {
    const card = (await strategy.savedCards(customerId)).find((saved) => saved.id === paymentMethodId);
    if (!card || !(await strategy.detachCard(customerId, paymentMethodId))) throw missing;
    await recordChange(prisma, userId, actor, {
      action: "card.removed",
      card: { id: card.id, brand: card.brand, last4: card.last4 },
    });
  } catch (error) {
    throw stripeFailure(error, "detach card");
  } finally {
    await customerChanged(customerId);
  }
}

/** What the checkout page says about the shopper's saved cards at `brandSlug`: database reads only. */
export async function checkoutWallet(
  userId: string,
  brandSlug: string,
): Promise<{ offerSavedCards: boolean; origins: CardOrigin[] }> {
  const [offerSavedCards, origins] = await Promise.all([
    offersSavedCards(userId, brandSlug),
    cardOrigins(userId),
  ]);
  return { offerSavedCards, origins: [...origins.values()].sort((a, b) => b.at.getTime() - a.at.getTime()) };
}

async function ownerOf(userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, stripeCustomerId: true },
  });
  if (!user) throw new AppError("not_found", "There is no such customer.");
  return user;
}
