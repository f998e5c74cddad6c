import "server-only";
import { recordChange } from "@/lib/audit/trail";
import type { Actor } from "@/lib/audit/entries";
import { brands } from "@/lib/brands";
import { prisma } from "@/lib/db";

/**
 * The shopper's choice, per brand, of whether its checkout offers their saved cards. The one
 * owner of `WalletBrandChoice`: no row means offered, which is what the "save my card for
 * future purchases at all Rocket brands" consent agreed to.
 */
export async function brandChoices(userId: string): Promise<Map<string, boolean>> {
  const rows = await prisma.walletBrandChoice.findMany({
    where: { userId },
    select: { brand: true, offerSavedCards: true },
  });
  const stored = new Map(rows.map((row) => [row.brand, row.offerSavedCards]));
  return new Map(brands.map((brand) => [brand.slug, stored.get(brand.slug) ?? true]));
}

/** Whether `brand`'s checkout may offer the shopper's saved cards: one indexed read. */
export async function offersSavedCards(userId: string, brand: string): Promise<boolean> {
  const row = await prisma.walletBrandChoice.findUnique({
    where: { userId_brand: { userId, brand } },
    select: { offerSavedCards: true },
  });
  return row?.offerSavedCards ?? true;
}

/**
 * Stores the choice and its trail entry together. Choosing what is already chosen changes
 * nothing and records nothing (a double click, a second tab). Resolves whether it changed.
 */
export async function storeBrandChoice(
  userId: string,
  actor: Actor,
  brand: string,
  offerSavedCards: boolean,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.walletBrandChoice.findUnique({
      where: { userId_brand: { userId, brand } },
      select: { offerSavedCards: true },
    });
    if ((current?.offerSavedCards ?? true) === offerSavedCards) return false;
    await tx.walletBrandChoice.upsert({
      where: { userId_brand: { userId, brand } },
      create: { userId, brand, offerSavedCards },
      update: { offerSavedCards },
    });
    await recordChange(tx, userId, actor, { action: "wallet.brand_changed", brand, offerSavedCards });
    return true;
  });
}
