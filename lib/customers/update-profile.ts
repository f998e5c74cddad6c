import "server-only";
import type { Actor } from "@/lib/audit/entries";
import { changedProfileFields } from "@/lib/audit/entries";
import { recordChange } from "@/lib/audit/trail";
import type { CurrentUser } from "@/lib/auth/session";
import { sharingStrategy, type SharedProfile } from "@/lib/customers";
import type { ProfileInput } from "@/lib/customers/profile-input";
import { isUniqueViolation, prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { stripeFailure } from "@/lib/stripe/app-error";

/**
 * Saves the shopper's shared profile: on the canonical Stripe customer (whose
 * shared fields reach every brand) and in our database.
 */
export async function updateSharedProfile(
  user: CurrentUser,
  input: ProfileInput,
  actor: Actor = { id: user.id, role: "shopper" },
): Promise<SharedProfile> {
  const stored = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { stripeCustomerId: true, name: true, email: true, phone: true, address: true },
  });
  if (input.email !== user.email) {
    const taken = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) {
      throw new AppError("conflict", "Another account already uses that email.", {
        fields: { email: ["Another account already uses that email."] },
      });
    }
  }
  const profile: SharedProfile = { ...input };
  let saved = profile;
  if (stored.stripeCustomerId) {
    try {
      saved = await sharingStrategy().updateProfile(stored.stripeCustomerId, profile);
    } catch (error) {
      throw stripeFailure(error, "update customer profile");
    }
  }
  const email = saved.email ?? input.email;
  // A new email is a new sign-in credential: every other session of the user ends with the
  // save. The shopper's own edit keeps the session it came from (`user.sessionId`); an
  // admin's edit ends them all.
  const address = saved.address ? JSON.stringify(saved.address) : null;
  const fields = changedProfileFields(
    { name: stored.name, email: stored.email, phone: stored.phone, address: stored.address },
    { name: saved.name, email, phone: saved.phone, address },
  );
  try {
    await prisma.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: {
          name: saved.name,
          email,
          phone: saved.phone,
          address,
          // The dashboard's cached view of this customer is stale now, on every instance.
          stripeDataVersion: { increment: 1 },
        },
        select: { id: true },
      });
      if (email !== user.email) {
        await tx.session.deleteMany({
          where: { userId: user.id, ...(user.sessionId ? { NOT: { sessionToken: user.sessionId } } : {}) },
        });
      }
      if (fields.length > 0) await recordChange(tx, user.id, actor, { action: "profile.edited", fields });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "Another account already uses that email.");
    }
    throw error;
  }
  return saved;
}
