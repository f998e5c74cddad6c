import "server-only";
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
export async function updateSharedProfile(user: CurrentUser, input: ProfileInput): Promise<SharedProfile> {
  const stored = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { stripeCustomerId: true },
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
  const endOtherSessions =
    email !== user.email
      ? [
          prisma.session.deleteMany({
            where: { userId: user.id, ...(user.sessionId ? { NOT: { sessionToken: user.sessionId } } : {}) },
          }),
        ]
      : [];
  try {
    await prisma.$transaction([
      prisma.user.update({
        where: { id: user.id },
        data: {
          name: saved.name,
          email,
          phone: saved.phone,
          address: saved.address ? JSON.stringify(saved.address) : null,
          // The dashboard's cached view of this customer is stale now, on every instance.
          stripeDataVersion: { increment: 1 },
        },
      }),
      ...endOtherSessions,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "Another account already uses that email.");
    }
    throw error;
  }
  return saved;
}
