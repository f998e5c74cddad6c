import type {
  AuthenticationResponseJSON,
  CredentialDeviceType,
  RegistrationResponseJSON,
  WebAuthnCredential,
} from "@simplewebauthn/server";
import { isIP } from "node:net";
import { z } from "zod";
import { toRole } from "@/lib/auth/roles";
import type { SignedInUser } from "@/lib/auth/credentials";
import { PASSKEY_NAME_MAX_LENGTH, type PasskeySignInErrorCode } from "@/lib/auth/passkeys-messages";
import { printableText } from "@/lib/text";

/**
 * Passkeys (WebAuthn) without the database, the clock or the WebAuthn library: the rules a
 * challenge and a credential obey, with those given as dependencies so the rules can be
 * tested alone. `passkeys.ts` binds them to Prisma and @simplewebauthn/server.
 */

/** How long a browser has to answer a challenge (the authenticator's prompt included). */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

export type ChallengePurpose = "registration" | "authentication";

export interface StoredChallenge {
  id: string;
  challenge: string;
  purpose: ChallengePurpose;
  /** Registration: the user it was issued to; null for sign-in. */
  userId: string | null;
  expiresAt: Date;
}

export interface StoredPasskey {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
}

export interface NewPasskey {
  userId: string;
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  name: string;
  deviceType: CredentialDeviceType;
  backedUp: boolean;
}

export interface PasskeyStore {
  saveChallenge(challenge: StoredChallenge): Promise<void>;
  /**
   * Deletes the challenge and returns it, or null when there is none by that id (never issued,
   * or already taken). Of two takes of one challenge at once, exactly one gets it.
   */
  takeChallenge(id: string): Promise<StoredChallenge | null>;
  findPasskey(credentialId: string): Promise<(StoredPasskey & { user: StoredUser }) | null>;
  /**
   * Moves a passkey's counter from `from` to `to` and records its use, only while it still is
   * `from`: false when another sign-in with the same passkey moved it first.
   */
  advanceCounter(id: string, from: number, to: number, usedAt: Date): Promise<boolean>;
  createPasskey(passkey: NewPasskey): Promise<{ id: string; name: string }>;
}

interface StoredUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

/** Where the app is reached: the WebAuthn relying party is APP_URL's host, answering on its origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingPartyOf(appUrl: string): RelyingParty {
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin, name: "Rocket Checkout" };
}

/**
 * Why passkeys cannot work where the app is reached, or null when they can: browsers refuse a
 * WebAuthn relying party on an IP address, so APP_URL must name a host (`localhost` will do).
 */
export function passkeysUnavailableReason(appUrl: string): string | null {
  const host = new URL(appUrl).hostname.replace(/^\[|\]$/g, "");
  return isIP(host)
    ? `Passkeys need the app to be opened at a host name (like http://localhost:3000), not an IP address such as ${host}.`
    : null;
}

/** Thrown at sign-in; next-auth hands its message (the code) to the sign-in form. */
export class PasskeySignInError extends Error {
  override name = "PasskeySignInError";
  constructor(readonly code: PasskeySignInErrorCode) {
    super(code);
  }
}

/** Why adding a passkey failed, in words for the account page. */
export class PasskeyRegistrationError extends Error {
  override name = "PasskeyRegistrationError";
}

const base64url = z
  .string()
  .max(16384)
  .regex(/^[A-Za-z0-9_-]*$/);

// The shape @simplewebauthn/browser sends; the library checks what the values mean. Both
// ceremonies answer a PublicKeyCredential: the same envelope around a response of their own.
const publicKeyCredential = z.object({
  id: base64url.min(1).max(1024),
  rawId: base64url.min(1).max(1024),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
const registrationResponseSchema = publicKeyCredential.extend({
  response: z.object({
    clientDataJSON: base64url.min(1),
    attestationObject: base64url.min(1),
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});
const authenticationResponseSchema = publicKeyCredential.extend({
  response: z.object({
    clientDataJSON: base64url.min(1),
    authenticatorData: base64url.min(1),
    signature: base64url.min(1),
    userHandle: base64url.optional(),
  }),
});

/** What the account page sends to add a passkey. */
export const passkeyRegistrationSchema = z.object({
  name: printableText(
    z
      .string({ error: "Name your passkey." })
      .trim()
      .max(PASSKEY_NAME_MAX_LENGTH, `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters for the name.`),
  ).optional(),
  response: registrationResponseSchema,
});

export type PasskeyRegistrationInput = z.infer<typeof passkeyRegistrationSchema>;

/** The name a passkey gets when the shopper gives none. */
export const DEFAULT_PASSKEY_NAME = "Passkey";

/**
 * Takes the challenge the browser's cookie names, for `purpose` (and, for registration, the
 * signed-in `userId`). It is deleted whatever follows, so an answer is checked at most once;
 * an expired one, one for another purpose or user, or none at all is refused.
 */
export async function consumeChallenge(
  store: PasskeyStore,
  challengeId: string | undefined,
  expected: { purpose: ChallengePurpose; userId: string | null; now: Date },
): Promise<"missing" | "expired" | { challenge: string }> {
  if (!challengeId) return "missing";
  const stored = await store.takeChallenge(challengeId);
  if (!stored || stored.purpose !== expected.purpose || stored.userId !== expected.userId) return "missing";
  if (stored.expiresAt <= expected.now) return "expired";
  return { challenge: stored.challenge };
}

/**
 * Whether an authenticator's counter shows the assertion is new. Authenticators that keep no
 * counter always send 0; once either side is non-zero, the counter must go up, or the answer
 * is a replay or comes from a cloned authenticator.
 */
export function counterAdvances(stored: number, received: number): boolean {
  if (stored === 0 && received === 0) return true;
  return received > stored;
}

export interface PasskeyVerifier {
  verifyRegistration(input: {
    response: RegistrationResponseJSON;
    expectedChallenge: string;
    rp: RelyingParty;
  }): Promise<
    | { verified: false }
    | {
        verified: true;
        credential: WebAuthnCredential;
        deviceType: CredentialDeviceType;
        backedUp: boolean;
      }
  >;
  verifyAuthentication(input: {
    response: AuthenticationResponseJSON;
    expectedChallenge: string;
    rp: RelyingParty;
    credential: WebAuthnCredential;
  }): Promise<{ verified: boolean; newCounter: number }>;
}

export interface PasskeyDeps {
  store: PasskeyStore;
  verifier: PasskeyVerifier;
  rp: RelyingParty;
  now(): Date;
}

/** Checks the answer to a registration challenge and stores the new passkey for `userId`. */
export async function finishRegistration(
  input: PasskeyRegistrationInput,
  userId: string,
  challengeId: string | undefined,
  deps: PasskeyDeps,
): Promise<{ id: string; name: string }> {
  const taken = await consumeChallenge(deps.store, challengeId, {
    purpose: "registration",
    userId,
    now: deps.now(),
  });
  if (taken === "missing" || taken === "expired") {
    throw new PasskeyRegistrationError(
      "Adding the passkey took too long or was already finished. Try adding it again.",
    );
  }
  let result: Awaited<ReturnType<PasskeyVerifier["verifyRegistration"]>>;
  try {
    result = await deps.verifier.verifyRegistration({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: taken.challenge,
      rp: deps.rp,
    });
  } catch {
    result = { verified: false };
  }
  if (!result.verified) {
    throw new PasskeyRegistrationError(
      "Your device's answer could not be verified. Try adding the passkey again.",
    );
  }
  return deps.store.createPasskey({
    userId,
    credentialId: result.credential.id,
    publicKey: result.credential.publicKey,
    counter: result.credential.counter,
    transports: result.credential.transports ?? [],
    name: input.name || DEFAULT_PASSKEY_NAME,
    deviceType: result.deviceType,
    backedUp: result.backedUp,
  });
}

/**
 * Checks a passkey sign-in: the answer must be to the challenge this browser was given, not
 * expired or used, by a passkey someone registered here, signed by its key, with a counter
 * that moved on. Returns who signed in, and which passkey.
 */
export async function finishAuthentication(
  raw: unknown,
  challengeId: string | undefined,
  deps: PasskeyDeps,
): Promise<{ user: SignedInUser; passkeyId: string }> {
  let json: unknown;
  try {
    json = typeof raw === "string" ? JSON.parse(raw) : raw;
  } catch {
    throw new PasskeySignInError("PasskeyFailed");
  }
  const parsed = authenticationResponseSchema.safeParse(json);
  if (!parsed.success) throw new PasskeySignInError("PasskeyFailed");
  const response = parsed.data as AuthenticationResponseJSON;

  const taken = await consumeChallenge(deps.store, challengeId, {
    purpose: "authentication",
    userId: null,
    now: deps.now(),
  });
  if (taken === "missing" || taken === "expired") throw new PasskeySignInError("PasskeyExpired");

  const passkey = await deps.store.findPasskey(response.id);
  if (!passkey) throw new PasskeySignInError("PasskeyUnknown");

  let result: { verified: boolean; newCounter: number };
  try {
    result = await deps.verifier.verifyAuthentication({
      response,
      expectedChallenge: taken.challenge,
      rp: deps.rp,
      credential: {
        id: passkey.credentialId,
        publicKey: passkey.publicKey,
        counter: passkey.counter,
        transports: passkey.transports,
      },
    });
  } catch {
    // A wrong origin, RP id, challenge or signature, or (in the library's own check) a counter
    // that went back: all are "this answer is not good", which the shopper can only retry.
    throw new PasskeySignInError("PasskeyFailed");
  }
  if (!result.verified || !counterAdvances(passkey.counter, result.newCounter)) {
    throw new PasskeySignInError("PasskeyFailed");
  }
  // Two sign-ins racing with one answer: only the first moves the counter on.
  if (!(await deps.store.advanceCounter(passkey.id, passkey.counter, result.newCounter, deps.now()))) {
    throw new PasskeySignInError("PasskeyFailed");
  }
  const { user } = passkey;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: toRole(user.role) },
    passkeyId: passkey.id,
  };
}
