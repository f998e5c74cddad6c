import "server-only";
import { randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { cookies } from "next/headers";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import type { SignedInUser } from "@/lib/auth/credentials";
import {
  CHALLENGE_TTL_SECONDS,
  finishAuthentication,
  finishRegistration,
  PasskeyRegistrationError,
  passkeysUnavailableReason,
  relyingPartyOf,
  type ChallengePurpose,
  type PasskeyDeps,
  type PasskeyRegistrationInput,
  type PasskeyStore,
  type PasskeyVerifier,
  type StoredChallenge,
} from "@/lib/auth/passkeys-core";
import { recordChange } from "@/lib/audit/trail";
import { isUniqueViolation, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { requestLimit, type RequestLimit } from "@/lib/rate-limits/request-limit";

/**
 * Passkeys bound to the app: challenges and credentials in the database, the browser's
 * challenge in an httpOnly cookie, verification by @simplewebauthn/server, the relying party
 * from APP_URL. The rules themselves are in `passkeys-core.ts`.
 */

function parseTransports(stored: string): string[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
  } catch {
    return [];
  }
}

export const prismaPasskeyStore: PasskeyStore = {
  async saveChallenge(challenge) {
    // Challenges nobody answered are tidied away as new ones are issued.
    await prisma.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    await prisma.webAuthnChallenge.create({ data: challenge });
  },
  async takeChallenge(id) {
    const row = await prisma.webAuthnChallenge.findUnique({ where: { id } });
    if (!row) return null;
    // The delete decides: of two requests holding the same challenge, one deletes it.
    const { count } = await prisma.webAuthnChallenge.deleteMany({ where: { id } });
    if (count !== 1) return null;
    const purpose: ChallengePurpose = row.purpose === "registration" ? "registration" : "authentication";
    return { ...row, purpose };
  },
  async findPasskey(credentialId) {
    const row = await prisma.passkey.findUnique({
      where: { credentialId },
      select: {
        id: true,
        userId: true,
        credentialId: true,
        publicKey: true,
        counter: true,
        transports: true,
        user: { select: { id: true, email: true, name: true, role: true } },
      },
    });
    if (!row) return null;
    return { ...row, counter: Number(row.counter), transports: parseTransports(row.transports) };
  },
  async advanceCounter(id, from, to, usedAt) {
    const { count } = await prisma.passkey.updateMany({
      where: { id, counter: BigInt(from) },
      data: { counter: BigInt(to), lastUsedAt: usedAt },
    });
    return count === 1;
  },
  async createPasskey(passkey) {
    return prisma.passkey.create({
      data: {
        ...passkey,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: BigInt(passkey.counter),
        transports: JSON.stringify(passkey.transports),
      },
      select: { id: true, name: true },
    });
  },
};

const libraryVerifier: PasskeyVerifier = {
  async verifyRegistration({ response, expectedChallenge, rp }) {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // Presence, not verification: an authenticator without a PIN or biometrics still counts.
      requireUserVerification: false,
    });
    if (!result.verified) return { verified: false };
    const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
    return { verified: true, credential, deviceType: credentialDeviceType, backedUp: credentialBackedUp };
  },
  async verifyAuthentication({ response, expectedChallenge, rp, credential }) {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential,
      requireUserVerification: false,
    });
    return { verified: result.verified, newCounter: result.authenticationInfo.newCounter };
  },
};

/** Why passkeys cannot be used where the app is reached (APP_URL), or null. */
export function passkeysUnavailable(): string | null {
  return passkeysUnavailableReason(env().APP_URL);
}

function refuseWhereUnavailable(): void {
  const reason = passkeysUnavailable();
  if (reason) throw new AppError("bad_request", reason);
}

function deps(): PasskeyDeps {
  return {
    store: prismaPasskeyStore,
    verifier: libraryVerifier,
    rp: relyingPartyOf(env().APP_URL),
    now: () => new Date(),
  };
}

function secureCookies(): boolean {
  return new URL(env().APP_URL).protocol === "https:";
}

/** One cookie per purpose, so signing in elsewhere never spoils a passkey being added. */
function challengeCookieName(purpose: ChallengePurpose): string {
  const base = purpose === "registration" ? "rocket.passkey-registration" : "rocket.passkey-signin";
  // `__Host-` keeps the cookie to this exact origin; browsers only accept it over HTTPS.
  return secureCookies() ? `__Host-${base}` : base;
}

/**
 * Remembers the challenge the library put in a set of options (base64url, from 32 random
 * bytes), and gives this browser its id.
 */
async function issueChallenge(
  challenge: string,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<void> {
  const stored: StoredChallenge = {
    id: randomBytes(32).toString("base64url"),
    challenge,
    purpose,
    userId,
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
  };
  await prismaPasskeyStore.saveChallenge(stored);
  (await cookies()).set(challengeCookieName(purpose), stored.id, challengeCookie(CHALLENGE_TTL_SECONDS));
}

function challengeCookie(maxAge: number) {
  return { httpOnly: true, sameSite: "strict" as const, secure: secureCookies(), path: "/", maxAge };
}

/** This browser's challenge id for `purpose`; the cookie goes, as the challenge is used up. */
async function takeChallengeCookie(purpose: ChallengePurpose): Promise<string | undefined> {
  const store = await cookies();
  const name = challengeCookieName(purpose);
  const value = store.get(name)?.value;
  // Cleared with the attributes it was set with: a `__Host-` cookie is only replaced by a Secure one.
  if (value !== undefined) store.set(name, "", challengeCookie(0));
  return value;
}

/** One entry in the user's audit trail (and the log) per change to their passkeys. */
async function audit(
  action: "passkey.added" | "passkey.removed",
  userId: string,
  passkey: { id: string; name: string },
): Promise<void> {
  await recordChange(
    prisma,
    userId,
    { id: userId, role: "shopper" },
    { action, passkeyId: passkey.id, name: passkey.name },
  );
  logger.info({ audit: { action, userId, passkeyId: passkey.id } }, action);
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  return prisma.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
  });
}

/** The options for `navigator.credentials.create()`, for the signed-in user. */
export async function startPasskeyRegistration(user: {
  id: string;
  email: string;
  name: string | null;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  refuseWhereUnavailable();
  const rp = relyingPartyOf(env().APP_URL);
  const existing = await prisma.passkey.findMany({
    where: { userId: user.id },
    select: { credentialId: true, transports: true },
  });
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    // The user handle the authenticator keeps: the account id, never the email.
    userID: new TextEncoder().encode(user.id),
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    attestationType: "none",
    // The same authenticator twice would be two rows for one key.
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: parseTransports(passkey.transports),
    })),
    // Discoverable, so that signing in needs no email first.
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  await issueChallenge(options.challenge, "registration", user.id);
  return options;
}

/** Checks the browser's answer and stores the passkey. */
export async function finishPasskeyRegistration(
  userId: string,
  input: PasskeyRegistrationInput,
): Promise<{ id: string; name: string }> {
  const challengeId = await takeChallengeCookie("registration");
  try {
    const passkey = await finishRegistration(input, userId, challengeId, deps());
    await audit("passkey.added", userId, passkey);
    return passkey;
  } catch (error) {
    if (error instanceof PasskeyRegistrationError) throw new AppError("bad_request", error.message);
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "That passkey is already added to an account here.");
    }
    throw error;
  }
}

let signInStarts: RequestLimit | undefined;

function passkeySignInLimit(): RequestLimit {
  const config = env();
  signInStarts ??= requestLimit(
    new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "RateLimiterFlexible",
      keyPrefix: "passkey-signin-ip",
      points: config.AUTH_MAX_PASSKEY_SIGNINS_PER_IP,
      duration: config.AUTH_FAILED_SIGNIN_WINDOW_SECONDS,
    }),
    "Too many passkey sign-ins were started from your network.",
  );
  return signInStarts;
}

/** The options for `navigator.credentials.get()`: any passkey of this site may answer. */
export async function startPasskeySignIn(clientIp: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  refuseWhereUnavailable();
  await passkeySignInLimit().take(clientIp);
  const options = await generateAuthenticationOptions({
    rpID: relyingPartyOf(env().APP_URL).id,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    userVerification: "preferred",
  });
  await issueChallenge(options.challenge, "authentication", null);
  return options;
}

/** The passkey provider's check inside next-auth's sign-in request. */
export async function signInWithPasskey(response: unknown): Promise<SignedInUser> {
  const challengeId = await takeChallengeCookie("authentication");
  const { user } = await finishAuthentication(response, challengeId, deps());
  return user;
}

export async function removePasskey(userId: string, passkeyId: string): Promise<void> {
  const passkey = await prisma.passkey.findFirst({
    where: { id: passkeyId, userId },
    select: { name: true },
  });
  const { count } = await prisma.passkey.deleteMany({ where: { id: passkeyId, userId } });
  // Someone else's passkey reads the same as none at all.
  if (count === 0) throw new AppError("not_found", "That passkey is not on your account (any more).");
  await audit("passkey.removed", userId, { id: passkeyId, name: passkey?.name ?? "" });
}
