import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { passwordStrengthProblem } from "@/lib/auth/password-strength";
import { signUpSchema } from "@/lib/auth/validation";
import { isUniqueViolation, prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Creates a shopper account; a taken email is a 409, never a duplicate row. `admit`
 * runs once the input is well-formed, before any real work (the password estimate, the
 * email lookup, the hash): it counts the attempt and throws when the client is over its
 * sign-up limit. A malformed request costs nothing and is answered 400 without counting.
 */
export async function registerUser(
  raw: unknown,
  options: { admit?: () => Promise<void> } = {},
): Promise<{ id: string; email: string }> {
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { name, email, password } = parsed.data;
  await options.admit?.();

  const guessable = passwordStrengthProblem(password, { name, email });
  if (guessable) {
    throw new AppError("validation_failed", "Some fields need your attention.", {
      fields: { password: [guessable] },
    });
  }

  const taken = () =>
    new AppError("conflict", "An account with that email already exists. Sign in instead.", {
      fields: { email: ["An account with that email already exists. Sign in instead."] },
    });
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) throw taken();

  try {
    return await prisma.user.create({
      data: { name, email, passwordHash: await hashPassword(password), role: "shopper" },
      select: { id: true, email: true },
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets 409.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
