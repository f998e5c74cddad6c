import { describe, expect, it } from "vitest";
import {
  CHALLENGE_TTL_SECONDS,
  consumeChallenge,
  counterAdvances,
  finishAuthentication,
  finishRegistration,
  PasskeyRegistrationError,
  PasskeySignInError,
  passkeysUnavailableReason,
  relyingPartyOf,
  type NewPasskey,
  type PasskeyDeps,
  type PasskeyStore,
  type PasskeyVerifier,
  type StoredChallenge,
  type StoredPasskey,
} from "@/lib/auth/passkeys-core";

const T0 = new Date("2026-12-02T10:00:00Z");
const user = { id: "user_1", email: "jenny@example.com", name: "Jenny", role: "shopper" };

function memoryStore() {
  const challenges = new Map<string, StoredChallenge>();
  const passkeys = new Map<string, StoredPasskey & { name: string; lastUsedAt: Date | null }>();
  const store: PasskeyStore = {
    async saveChallenge(challenge) {
      challenges.set(challenge.id, challenge);
    },
    async takeChallenge(id) {
      const found = challenges.get(id) ?? null;
      challenges.delete(id);
      return found;
    },
    async findPasskey(credentialId) {
      const found = [...passkeys.values()].find((passkey) => passkey.credentialId === credentialId);
      return found ? { ...found, user } : null;
    },
    async advanceCounter(id, from, to, usedAt) {
      const passkey = passkeys.get(id);
      if (!passkey || passkey.counter !== from) return false;
      Object.assign(passkey, { counter: to, lastUsedAt: usedAt });
      return true;
    },
    async createPasskey(passkey: NewPasskey) {
      const id = `pk_${passkeys.size + 1}`;
      passkeys.set(id, { ...passkey, id, lastUsedAt: null });
      return { id, name: passkey.name };
    },
  };
  return { store, challenges, passkeys };
}

/** Stands in for the WebAuthn library: an answer verifies when it signs the expected challenge. */
function fakeVerifier(reply: { counter: number; throws?: boolean }): PasskeyVerifier {
  const signed = (clientDataJSON: string) => Buffer.from(clientDataJSON, "base64url").toString();
  return {
    async verifyRegistration({ response, expectedChallenge }) {
      if (signed(response.response.clientDataJSON) !== expectedChallenge) return { verified: false };
      return {
        verified: true,
        credential: {
          id: response.id,
          publicKey: new Uint8Array([1, 2, 3]),
          counter: 0,
          transports: ["internal"],
        },
        deviceType: "singleDevice",
        backedUp: false,
      };
    },
    async verifyAuthentication({ response, expectedChallenge }) {
      if (reply.throws) throw new Error("Unexpected authentication response origin");
      return {
        verified: signed(response.response.clientDataJSON) === expectedChallenge,
        newCounter: reply.counter,
      };
    },
  };
}

function world(options: { counter?: number; storedCounter?: number; throws?: boolean } = {}) {
  const memory = memoryStore();
  let now = T0;
  const reply = { counter: options.counter ?? 1, throws: options.throws ?? false };
  const deps: PasskeyDeps = {
    store: memory.store,
    verifier: fakeVerifier(reply),
    rp: relyingPartyOf("http://127.0.0.1:3000"),
    now: () => now,
  };
  memory.passkeys.set("pk_jenny", {
    id: "pk_jenny",
    userId: user.id,
    credentialId: "cred-jenny",
    publicKey: new Uint8Array([9]),
    counter: options.storedCounter ?? 0,
    transports: ["internal"],
    name: "Laptop",
    lastUsedAt: null,
  });
  let issued = 0;
  const issue = async (purpose: StoredChallenge["purpose"], userId: string | null = null) => {
    issued += 1;
    const challenge: StoredChallenge = {
      id: `cookie-${issued}`,
      challenge: `challenge-${issued}`,
      purpose,
      userId,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000),
    };
    await memory.store.saveChallenge(challenge);
    return challenge;
  };
  const assertion = (challenge: string, credentialId = "cred-jenny") =>
    JSON.stringify({
      id: credentialId,
      rawId: credentialId,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: Buffer.from(challenge).toString("base64url"),
        authenticatorData: "AAAA",
        signature: "BBBB",
      },
    });
  return {
    ...memory,
    deps,
    reply,
    issue,
    assertion,
    advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)),
  };
}

async function signInError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PasskeySignInError);
  return (error as PasskeySignInError).code;
}

describe("challenges", () => {
  it("are single use: the second answer to one challenge is refused", async () => {
    const w = world();
    const { id } = await w.issue("authentication");
    const expected = { purpose: "authentication" as const, userId: null, now: T0 };
    expect(await consumeChallenge(w.store, id, expected)).toEqual({ challenge: "challenge-1" });
    expect(await consumeChallenge(w.store, id, expected)).toBe("missing");
  });

  it("expire: an answer after the time limit is refused, and the challenge is gone all the same", async () => {
    const w = world();
    const { id } = await w.issue("authentication");
    const late = new Date(T0.getTime() + CHALLENGE_TTL_SECONDS * 1000);
    expect(await consumeChallenge(w.store, id, { purpose: "authentication", userId: null, now: late })).toBe(
      "expired",
    );
    expect(w.challenges.size).toBe(0);
  });

  it("belong to one purpose and one user", async () => {
    const w = world();
    const signIn = await w.issue("authentication");
    expect(
      await consumeChallenge(w.store, signIn.id, { purpose: "registration", userId: user.id, now: T0 }),
    ).toBe("missing");
    const someoneElses = await w.issue("registration", "user_2");
    expect(
      await consumeChallenge(w.store, someoneElses.id, { purpose: "registration", userId: user.id, now: T0 }),
    ).toBe("missing");
    expect(
      await consumeChallenge(w.store, undefined, { purpose: "registration", userId: null, now: T0 }),
    ).toBe("missing");
  });
});

describe("the signature counter", () => {
  it("must go up once either side has counted", () => {
    expect(counterAdvances(0, 0)).toBe(true);
    expect(counterAdvances(0, 1)).toBe(true);
    expect(counterAdvances(5, 6)).toBe(true);
    expect(counterAdvances(5, 5)).toBe(false);
    expect(counterAdvances(5, 2)).toBe(false);
    expect(counterAdvances(5, 0)).toBe(false);
  });
});

describe("signing in with a passkey", () => {
  it("signs the passkey's owner in and moves its counter on", async () => {
    const w = world({ storedCounter: 3, counter: 4 });
    const { id, challenge } = await w.issue("authentication");
    const result = await finishAuthentication(w.assertion(challenge), id, w.deps);
    expect(result).toEqual({ user: { ...user, role: "shopper" }, passkeyId: "pk_jenny" });
    expect(w.passkeys.get("pk_jenny")).toMatchObject({ counter: 4, lastUsedAt: T0 });
  });

  it("refuses the same answer sent again, even with a fresh challenge cookie", async () => {
    const w = world({ storedCounter: 3, counter: 4 });
    const first = await w.issue("authentication");
    await finishAuthentication(w.assertion(first.challenge), first.id, w.deps);
    expect(await signInError(finishAuthentication(w.assertion(first.challenge), first.id, w.deps))).toBe(
      "PasskeyExpired",
    );
    const second = await w.issue("authentication");
    expect(await signInError(finishAuthentication(w.assertion(first.challenge), second.id, w.deps))).toBe(
      "PasskeyFailed",
    );
  });

  it("refuses an answer whose counter did not go up (a cloned authenticator)", async () => {
    const w = world({ storedCounter: 7, counter: 7 });
    const { id, challenge } = await w.issue("authentication");
    expect(await signInError(finishAuthentication(w.assertion(challenge), id, w.deps))).toBe("PasskeyFailed");
    expect(w.passkeys.get("pk_jenny")).toMatchObject({ counter: 7, lastUsedAt: null });
  });

  it("lets only one of two racing sign-ins with one counter value through", async () => {
    const w = world({ storedCounter: 1, counter: 2 });
    const a = await w.issue("authentication");
    const b = await w.issue("authentication");
    const results = await Promise.allSettled([
      finishAuthentication(w.assertion(a.challenge), a.id, w.deps),
      finishAuthentication(w.assertion(b.challenge), b.id, w.deps),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("refuses an expired challenge", async () => {
    const w = world();
    const { id, challenge } = await w.issue("authentication");
    w.advance(CHALLENGE_TTL_SECONDS + 1);
    expect(await signInError(finishAuthentication(w.assertion(challenge), id, w.deps))).toBe(
      "PasskeyExpired",
    );
  });

  it("says when a passkey is not registered here (or was removed)", async () => {
    const w = world();
    const { id, challenge } = await w.issue("authentication");
    expect(await signInError(finishAuthentication(w.assertion(challenge, "cred-gone"), id, w.deps))).toBe(
      "PasskeyUnknown",
    );
  });

  it("refuses an answer the library cannot verify, and malformed input, with one code", async () => {
    const w = world({ throws: true });
    const { id, challenge } = await w.issue("authentication");
    expect(await signInError(finishAuthentication(w.assertion(challenge), id, w.deps))).toBe("PasskeyFailed");
    const fresh = await w.issue("authentication");
    for (const bad of ["not json", "{}", JSON.stringify({ id: "x", type: "public-key" }), undefined]) {
      expect(await signInError(finishAuthentication(bad, fresh.id, w.deps))).toBe("PasskeyFailed");
    }
    // Malformed input does not use up the challenge.
    expect(w.challenges.has(fresh.id)).toBe(true);
  });
});

describe("adding a passkey", () => {
  const registration = (challenge: string) => ({
    name: "Work laptop",
    response: {
      id: "cred-new",
      rawId: "cred-new",
      type: "public-key" as const,
      clientExtensionResults: {},
      response: { clientDataJSON: Buffer.from(challenge).toString("base64url"), attestationObject: "AAAA" },
    },
  });

  it("stores the passkey for the user the challenge was issued to", async () => {
    const w = world();
    const { id, challenge } = await w.issue("registration", user.id);
    expect(await finishRegistration(registration(challenge), user.id, id, w.deps)).toEqual({
      id: "pk_2",
      name: "Work laptop",
    });
    expect(w.passkeys.get("pk_2")).toMatchObject({ userId: user.id, credentialId: "cred-new", counter: 0 });
  });

  it("refuses an expired, reused or someone else's challenge", async () => {
    const w = world();
    const theirs = await w.issue("registration", "user_2");
    await expect(
      finishRegistration(registration(theirs.challenge), user.id, theirs.id, w.deps),
    ).rejects.toThrow(PasskeyRegistrationError);
    const mine = await w.issue("registration", user.id);
    w.advance(CHALLENGE_TTL_SECONDS);
    await expect(finishRegistration(registration(mine.challenge), user.id, mine.id, w.deps)).rejects.toThrow(
      /took too long/,
    );
    const again = await w.issue("registration", user.id);
    await finishRegistration(registration(again.challenge), user.id, again.id, w.deps);
    await expect(
      finishRegistration(registration(again.challenge), user.id, again.id, w.deps),
    ).rejects.toThrow(/already finished/);
  });

  it("refuses an answer to another challenge", async () => {
    const w = world();
    const { id } = await w.issue("registration", user.id);
    await expect(finishRegistration(registration("forged"), user.id, id, w.deps)).rejects.toThrow(
      /could not be verified/,
    );
  });
});

describe("the relying party", () => {
  it("is APP_URL's host, answering on its origin", () => {
    expect(relyingPartyOf("https://shop.example.com:8443/some/path")).toEqual({
      id: "shop.example.com",
      origin: "https://shop.example.com:8443",
      name: "Rocket Checkout",
    });
  });
});

describe("where passkeys work", () => {
  it("needs APP_URL to name a host: browsers refuse passkeys on an IP address", () => {
    expect(passkeysUnavailableReason("http://localhost:3000")).toBeNull();
    expect(passkeysUnavailableReason("https://shop.example.com")).toBeNull();
    expect(passkeysUnavailableReason("http://127.0.0.1:3000")).toMatch(
      /not an IP address such as 127\.0\.0\.1/,
    );
    expect(passkeysUnavailableReason("http://[::1]:3000")).toMatch(/such as ::1\./);
  });
});
