import type { FailedSignInLimiter, SignInClient } from "@/lib/auth/rate-limit";
import { toRole, type Role } from "@/lib/auth/roles";
import { signInSchema, type SignInErrorCode } from "@/lib/auth/validation";

export type { SignInClient } from "@/lib/auth/rate-limit";

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

interface StoredUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  passwordHash: string | null;
}

export interface CredentialsDeps {
  findUserByEmail(email: string): Promise<StoredUser | null>;
  verifyPassword(hash: string, password: string): Promise<boolean>;
  /** A hash of nothing in particular, made like real ones, to check when there is no real one. */
  dummyPasswordHash(): Promise<string>;
  limiter: FailedSignInLimiter;
}

/** Thrown to next-auth; its message is the code the sign-in form understands. */
export class SignInError extends Error {
  override name = "SignInError";
  constructor(readonly code: SignInErrorCode) {
    super(code);
  }
}

/**
 * Checks an email + password. A client over its limits is refused before any password
 * is checked (see `FailedSignInLimiter`). Otherwise a hash is always verified, a dummy
 * one when the email is unknown or the account has no password, so every wrong answer
 * takes as long and reads the same.
 */
export async function authorizeCredentials(
  raw: unknown,
  client: SignInClient,
  deps: CredentialsDeps,
): Promise<SignedInUser> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw new SignInError("InvalidInput");
  const { email, password } = parsed.data;

  if ((await deps.limiter.blockedFor(email, client)) > 0) throw new SignInError("TooManyAttempts");

  const user = await deps.findUserByEmail(email);
  const hash = user?.passwordHash ?? (await deps.dummyPasswordHash());
  const matches = await deps.verifyPassword(hash, password);
  if (!user?.passwordHash || !matches) {
    await deps.limiter.recordFailure(email, client);
    throw new SignInError("InvalidCredentials");
  }
  await deps.limiter.recordSuccess(email, client);
  return { id: user.id, email: user.email, name: user.name, role: toRole(user.role) };
}
