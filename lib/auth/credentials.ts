import type { FailedSignInLimiter } from "@/lib/auth/rate-limit";
import { toRole, type Role } from "@/lib/auth/roles";
import { signInSchema, type SignInErrorCode } from "@/lib/auth/validation";

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
 * Checks an email + password. Failed attempts count against both the email and
 * the client IP, and a blocked pair is refused before the password is checked.
 */
export async function authorizeCredentials(
  raw: unknown,
  ip: string,
  deps: CredentialsDeps,
): Promise<SignedInUser> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw new SignInError("InvalidInput");
  const { email, password } = parsed.data;

  if ((await deps.limiter.blockedFor(email, ip)) > 0) throw new SignInError("TooManyAttempts");

  const user = await deps.findUserByEmail(email);
  if (!user) {
    await deps.limiter.recordFailure(email, ip);
    throw new SignInError("UnknownEmail");
  }
  if (!user.passwordHash) throw new SignInError("NoPassword");
  if (!(await deps.verifyPassword(user.passwordHash, password))) {
    await deps.limiter.recordFailure(email, ip);
    throw new SignInError("WrongPassword");
  }
  await deps.limiter.recordSuccess(email);
  return { id: user.id, email: user.email, name: user.name, role: toRole(user.role) };
}

/** The client address as the nearest proxy reports it; "unknown" groups the rest. */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers): string {
  const read = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = read("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || read("x-real-ip")?.trim() || "unknown";
}
