import "server-only";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import {
  hashResetToken,
  isResetTokenExpired,
  isWellFormedResetToken,
  newResetToken,
  resetLink,
} from "@/lib/auth/password-reset-token";
import { passwordStrengthProblem } from "@/lib/auth/password-strength";
import { emailSchema, newPasswordSchema } from "@/lib/auth/validation";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { passwordResetEmail } from "@/lib/mail/password-reset-email";
import { sendMail } from "@/lib/mail/transport";

/** What every request is answered, whether or not an account has that email. */
export const RESET_REQUESTED_MESSAGE =
  "If an account exists for that email, we sent it a link to choose a new password. It works for 30 minutes.";

export const RESET_LINK_UNUSABLE = "This link has expired or was already used. Ask for a new one.";

const requestSchema = z.object({ email: emailSchema });
const resetSchema = z.object({
  token: z.string({ error: "This link is incomplete. Open the link from the email again." }),
  password: newPasswordSchema,
});

/**
 * Sends a forgotten-password link to `email` when an account has it. The answer and its
 * timing do not say whether one does: the link is mailed in the background, so an unknown
 * address returns as fast as a known one. `admit` counts the request (per address and per
 * email) once it is well-formed, and throws past the limits.
 */
export async function requestPasswordReset(
  raw: unknown,
  options: { admit?: (email: string) => Promise<void> } = {},
): Promise<void> {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { email } = parsed.data;
  await options.admit?.(email);

  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true },
  });
  if (!user) return;
  const issued = newResetToken();
  await prisma.$transaction([
    // Links that lapsed on their own are tidied away when the same user asks again.
    prisma.passwordResetToken.deleteMany({ where: { userId: user.id, expiresAt: { lte: new Date() } } }),
    prisma.passwordResetToken.create({
      data: { userId: user.id, tokenHash: issued.tokenHash, expiresAt: issued.expiresAt },
    }),
  ]);
  const mail = passwordResetEmail(user, resetLink(env().APP_URL, issued.token));
  void sendMail(mail).catch((error: unknown) =>
    logger.error({ err: error, userId: user.id }, "could not send the password reset email"),
  );
}

/** Whether a link's token can still set a password (for the page, before the form is shown). */
export async function isResetTokenUsable(token: unknown): Promise<boolean> {
  if (!isWellFormedResetToken(token)) return false;
  const stored = await prisma.passwordResetToken.findUnique({
    where: { tokenHash: hashResetToken(token) },
    select: { expiresAt: true },
  });
  return !!stored && !isResetTokenExpired(stored);
}

/**
 * Sets a new password from a link. The password must pass the sign-up rules. The token
 * works once: it is deleted in the same transaction that changes the password (of two
 * uses racing, one wins, the other is told the link was used), and with it every other
 * link of the user and every signed-in session, so whoever held the old password is out.
 * `admit` counts the attempt (per client address) once the body is well-formed.
 */
export async function resetPassword(
  raw: unknown,
  options: { admit?: () => Promise<void> } = {},
): Promise<{ email: string }> {
  const parsed = resetSchema.safeParse(raw);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { token, password } = parsed.data;
  await options.admit?.();

  const unusable = () => new AppError("bad_request", RESET_LINK_UNUSABLE);
  if (!isWellFormedResetToken(token)) throw unusable();
  const tokenHash = hashResetToken(token);
  const stored = await prisma.passwordResetToken.findUnique({
    where: { tokenHash },
    select: { expiresAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!stored || isResetTokenExpired(stored)) throw unusable();
  const { user } = stored;

  const guessable = passwordStrengthProblem(password, { name: user.name ?? undefined, email: user.email });
  if (guessable) {
    throw new AppError("validation_failed", "Some fields need your attention.", {
      fields: { password: [guessable] },
    });
  }
  const passwordHash = await hashPassword(password);

  await prisma.$transaction(async (tx) => {
    const used = await tx.passwordResetToken.deleteMany({
      where: { tokenHash, expiresAt: { gt: new Date() } },
    });
    if (used.count === 0) throw unusable();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id } });
    await tx.session.deleteMany({ where: { userId: user.id } });
  });
  return { email: user.email };
}
