import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authorizeCredentials, type CredentialsDeps, type SignInClient } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createFailedSignInLimiter } from "@/lib/auth/rate-limit";

const jenny = { id: "u1", email: "jenny@example.com", name: "Jenny Rosen", role: "shopper" };
const oauthOnly = { id: "u2", email: "octo@example.com", name: "Octo Cat", role: "shopper" };
const DUMMY_HASH = "dummy-hash";
let passwordHash: string;
let deps: CredentialsDeps;
let verified: string[];

function limiter({ perClient = 3, perIp = 10, perEmailBeforeDelay = 8, maxDelaySeconds = 900 } = {}) {
  const duration = 900;
  return createFailedSignInLimiter({
    byClient: new RateLimiterMemory({ points: perClient, duration, keyPrefix: "client" }),
    byIp: new RateLimiterMemory({ points: perIp, duration, keyPrefix: "ip" }),
    byEmail: new RateLimiterMemory({ points: perEmailBeforeDelay, duration, keyPrefix: "email" }),
    emailDelay: new RateLimiterMemory({ points: 1, duration, keyPrefix: "delay" }),
    maxDelaySeconds,
  });
}

beforeEach(async () => {
  passwordHash ??= await hashPassword("jenny-demo-password");
  verified = [];
  deps = {
    findUserByEmail: async (email) => {
      if (email === jenny.email) return { ...jenny, passwordHash };
      if (email === oauthOnly.email) return { ...oauthOnly, passwordHash: null };
      return null;
    },
    verifyPassword: async (hash, password) => {
      verified.push(hash);
      return hash === DUMMY_HASH ? false : verifyPassword(hash, password);
    },
    dummyPasswordHash: async () => DUMMY_HASH,
    limiter: limiter(),
  };
});

afterEach(() => {
  vi.useRealTimers();
});

/** A browser at `ip`; `knownTo` is the account it signed in to before, if any. */
function client(ip: string, knownTo?: { email: string; device: string }): SignInClient {
  return { ip, knownDeviceFor: (email) => (knownTo?.email === email ? knownTo.device : null) };
}

const attempt = (email: string, password: string, from: SignInClient = client("10.0.0.1")) =>
  authorizeCredentials({ email, password }, from, deps);

describe("authorizeCredentials", () => {
  it("signs in with the right password, case-insensitively on the email", async () => {
    await expect(attempt("Jenny@Example.com", "jenny-demo-password")).resolves.toEqual({
      id: "u1",
      email: "jenny@example.com",
      name: "Jenny Rosen",
      role: "shopper",
    });
  });

  it("answers an unknown email, a wrong password and a password-less account alike", async () => {
    await expect(attempt("nobody@example.com", "whatever-123")).rejects.toThrow("InvalidCredentials");
    await expect(attempt(jenny.email, "wrong-password-1")).rejects.toThrow("InvalidCredentials");
    await expect(attempt(oauthOnly.email, "any-password-1")).rejects.toThrow("InvalidCredentials");
  });

  it("checks a password hash for unknown emails and password-less accounts too, so each answer takes as long", async () => {
    await attempt("nobody@example.com", "whatever-123").catch(() => undefined);
    await attempt(oauthOnly.email, "any-password-1").catch(() => undefined);
    await attempt(jenny.email, "wrong-password-1").catch(() => undefined);
    expect(verified).toEqual([DUMMY_HASH, DUMMY_HASH, passwordHash]);
  });

  it("rejects empty input without touching the database", async () => {
    deps.findUserByEmail = () => Promise.reject(new Error("must not be called"));
    await expect(authorizeCredentials({ email: "", password: "" }, client("ip"), deps)).rejects.toThrow(
      "InvalidInput",
    );
    await expect(authorizeCredentials(undefined, client("ip"), deps)).rejects.toThrow("InvalidInput");
  });

  it("refuses an address that keeps guessing one account, even the right password, without checking it", async () => {
    const attacker = client("203.0.113.66");
    for (let i = 0; i < 3; i++) await expect(attempt(jenny.email, `guess-${i}`, attacker)).rejects.toThrow();
    verified = [];
    await expect(attempt(jenny.email, "jenny-demo-password", attacker)).rejects.toThrow("TooManyAttempts");
    expect(verified).toEqual([]);
  });

  it("lets the owner in from another address while the guessing address is refused", async () => {
    const attacker = client("203.0.113.66");
    for (let i = 0; i < 5; i++) await attempt(jenny.email, `guess-${i}`, attacker).catch(() => undefined);
    await expect(attempt(jenny.email, "jenny-demo-password", attacker)).rejects.toThrow("TooManyAttempts");
    await expect(attempt(jenny.email, "jenny-demo-password", client("198.51.100.4"))).resolves.toMatchObject({
      id: "u1",
    });
  });

  it("lets a browser that signed in to the account before in while it is attacked from everywhere", async () => {
    for (let i = 0; i < 40; i++) {
      await attempt(jenny.email, `guess-${i}`, client(`203.0.113.${i}`)).catch(() => undefined);
    }
    await expect(attempt(jenny.email, "jenny-demo-password", client("198.51.100.4"))).rejects.toThrow(
      "TooManyAttempts",
    );
    const jennysLaptop = client("203.0.113.1", { email: jenny.email, device: "laptop" });
    await expect(attempt(jenny.email, "jenny-demo-password", jennysLaptop)).resolves.toMatchObject({
      id: "u1",
    });
  });

  it("gives a known browser only a few guesses of its own", async () => {
    const stolenCookie = client("203.0.113.9", { email: jenny.email, device: "laptop" });
    for (let i = 0; i < 3; i++) await attempt(jenny.email, `guess-${i}`, stolenCookie).catch(() => undefined);
    await expect(attempt(jenny.email, "jenny-demo-password", stolenCookie)).rejects.toThrow(
      "TooManyAttempts",
    );
    await expect(attempt(jenny.email, "jenny-demo-password", client("198.51.100.4"))).resolves.toMatchObject({
      id: "u1",
    });
  });

  it("slows new clients of a much-attacked account down, doubling the wait each failure", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-22T10:00:00Z") });
    deps.limiter = limiter({ perEmailBeforeDelay: 4 });
    let address = 0;
    const newClient = () => client(`203.0.113.${++address}`);
    for (let i = 0; i < 4; i++)
      await expect(attempt(jenny.email, `guess-${i}`, newClient())).rejects.toThrow("InvalidCredentials");
    // The 5th failure from anywhere starts the delay: 1 s, then 2 s, 4 s, …
    await expect(attempt(jenny.email, "guess-4", newClient())).rejects.toThrow("InvalidCredentials");
    await expect(attempt(jenny.email, "jenny-demo-password", newClient())).rejects.toThrow("TooManyAttempts");
    vi.advanceTimersByTime(1_000);
    await expect(attempt(jenny.email, "guess-5", newClient())).rejects.toThrow("InvalidCredentials");
    vi.advanceTimersByTime(1_000);
    await expect(attempt(jenny.email, "guess-6", newClient())).rejects.toThrow("TooManyAttempts");
    vi.advanceTimersByTime(1_000);
    await expect(attempt(jenny.email, "guess-6", newClient())).rejects.toThrow("InvalidCredentials");
    vi.advanceTimersByTime(3_000);
    await expect(attempt(jenny.email, "guess-7", newClient())).rejects.toThrow("TooManyAttempts");
    vi.advanceTimersByTime(1_000);
    await expect(attempt(jenny.email, "jenny-demo-password", newClient())).resolves.toMatchObject({
      id: "u1",
    });
  });

  it("refuses an address that guesses across many accounts, but not a browser known to the account", async () => {
    deps.limiter = limiter({ perIp: 4 });
    for (let i = 0; i < 4; i++) await expect(attempt(`u${i}@example.com`, "guess-123456")).rejects.toThrow();
    await expect(attempt(jenny.email, "jenny-demo-password")).rejects.toThrow("TooManyAttempts");
    const known = client("10.0.0.1", { email: jenny.email, device: "desktop" });
    await expect(attempt(jenny.email, "jenny-demo-password", known)).resolves.toMatchObject({ id: "u1" });
    await expect(attempt(jenny.email, "jenny-demo-password", client("10.0.0.2"))).resolves.toMatchObject({
      id: "u1",
    });
  });

  it("forgets a client's earlier failures after it signs in", async () => {
    for (let i = 0; i < 2; i++) await expect(attempt(jenny.email, "wrong-password-1")).rejects.toThrow();
    await attempt(jenny.email, "jenny-demo-password");
    for (let i = 0; i < 2; i++) await expect(attempt(jenny.email, "wrong-password-1")).rejects.toThrow();
    await expect(attempt(jenny.email, "jenny-demo-password")).resolves.toMatchObject({ id: "u1" });
  });
});
