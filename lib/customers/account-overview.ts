import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import { sharingStrategy, type SavedCard, type SharedProfile } from "@/lib/customers";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";

const addressShape = (json: string | null): SharedProfile["address"] => {
  if (!json) return null;
  try {
    return JSON.parse(json) as SharedProfile["address"];
  } catch {
    return null;
  }
};

/** The shopper's shared profile and saved cards, from Stripe when it answers, else what we hold. */
export async function accountOverview(
  user: CurrentUser,
): Promise<{ profile: SharedProfile; cards: SavedCard[] | null }> {
  const stored = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { name: true, email: true, phone: true, address: true, stripeCustomerId: true },
  });
  const local: SharedProfile = {
    name: stored.name,
    email: stored.email,
    phone: stored.phone,
    address: addressShape(stored.address),
  };
  if (!stored.stripeCustomerId) return { profile: local, cards: [] };
  const strategy = sharingStrategy();
  const [cards, profile] = await Promise.all([
    strategy.savedCards(stored.stripeCustomerId).catch((error: unknown) => {
      logger.warn({ err: error }, "saved cards unavailable");
      return null;
    }),
    strategy.profile(stored.stripeCustomerId).catch(() => local),
  ]);
  return { profile: { ...profile, email: profile.email ?? local.email }, cards };
}
