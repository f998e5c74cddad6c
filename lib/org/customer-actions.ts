import "server-only";
import { sharingStrategy, type SharedProfile } from "@/lib/customers";
import type { ProfileInput } from "@/lib/customers/profile-input";
import { updateSharedProfile } from "@/lib/customers/update-profile";
import { toRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { customerChanged } from "@/lib/customers/data-version";
import { stripeFailure } from "@/lib/stripe/app-error";

async function customerOf(userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, stripeCustomerId: true },
  });
  if (!user) throw new AppError("not_found", "There is no such customer.");
  return user;
}

/** An admin's edit of a customer's shared profile: Stripe's shared fields (every brand) and our copy. */
export async function updateCustomerProfile(userId: string, input: ProfileInput): Promise<SharedProfile> {
  const user = await customerOf(userId);
  try {
    return await updateSharedProfile({ ...user, role: toRole(user.role) }, input);
  } finally {
    if (user.stripeCustomerId) await customerChanged(user.stripeCustomerId);
  }
}

/** Removes a saved card from every brand (see each strategy for what "every" takes). */
export async function removeCustomerCard(userId: string, paymentMethodId: string): Promise<void> {
  const user = await customerOf(userId);
  if (!user.stripeCustomerId) throw new AppError("not_found", "This customer has no saved cards.");
  const strategy = sharingStrategy();
  let removed: boolean;
  try {
    removed = await strategy.detachCard(user.stripeCustomerId, paymentMethodId);
  } catch (error) {
    throw stripeFailure(error, "detach card");
  } finally {
    await customerChanged(user.stripeCustomerId);
  }
  if (!removed) throw new AppError("not_found", "That card is not one of this customer's saved cards.");
}
