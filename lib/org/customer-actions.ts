import "server-only";
import { type SharedProfile } from "@/lib/customers";
import type { ProfileInput } from "@/lib/customers/profile-input";
import { updateSharedProfile } from "@/lib/customers/update-profile";
import { toRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { customerChanged } from "@/lib/customers/data-version";
import { removeSavedCard } from "@/lib/wallet/wallet";

async function customerOf(userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, stripeCustomerId: true },
  });
  if (!user) throw new AppError("not_found", "There is no such customer.");
  return user;
}

/** An admin's edit of a customer's shared profile: Stripe's shared fields (every brand) and our copy. */
export async function updateCustomerProfile(
  userId: string,
  input: ProfileInput,
  adminId: string,
): Promise<SharedProfile> {
  const user = await customerOf(userId);
  try {
    return await updateSharedProfile({ ...user, role: toRole(user.role) }, input, {
      id: adminId,
      role: "admin",
    });
  } finally {
    if (user.stripeCustomerId) await customerChanged(user.stripeCustomerId);
  }
}

/** An admin removes a saved card from every brand (see each strategy for what "every" takes). */
export async function removeCustomerCard(
  userId: string,
  paymentMethodId: string,
  adminId: string,
): Promise<void> {
  await customerOf(userId);
  await removeSavedCard(userId, { id: adminId, role: "admin" }, paymentMethodId);
}
