import { RateLimiterMemory } from "rate-limiter-flexible";
import { beforeEach, describe, expect, it } from "vitest";
import { authorizeCredentials, clientIp, type CredentialsDeps } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createFailedSignInLimiter } from "@/lib/auth/rate-limit";

const jenny = { id: "u1", email: "jenny@example.com", name: "Jenny Rosen", role: "shopper" };
let passwordHash: string;
let deps: CredentialsDeps;

function limiter(perEmail: number, perIp: number) {
  return createFailedSignInLimiter({
    byEmail: new RateLimiterMemory({ points: perEmail, duration: 900, keyPrefix: "email" }),
    byIp: new RateLimiterMemory({ points: perIp, duration: 900, keyPrefix: "ip" }),
  });
}

beforeEach(async () => {
  passwordHash ??= await hashPassword("jenny-demo-password");
  deps = {
    findUserByEmail: async (email) => (email === jenny.email ? { ...jenny, passwordHash } : null),
    verifyPassword,
    limiter: limiter(3, 10),
  };
});

const attempt = (email: string, password: string, ip = "10.0.0.1") =>
  authorizeCredentials({ email, password }, ip, deps);

describe("authorizeCredentials", () => {
  it("signs in with the right password, case-insensitively on the email", async () => {
    await expect(attempt("Jenny@Example.com", "jenny-demo-password")).resolves.toEqual({
      id: "u1",
      email: "jenny@example.com",
      name: "Jenny Rosen",
      role: "shopper",
    });
  });

  it("tells an unknown email from a wrong password", async () => {
    await expect(attempt("nobody@example.com", "whatever-123")).rejects.toThrow("UnknownEmail");
    await expect(attempt("jenny@example.com", "wrong-password-1")).rejects.toThrow("WrongPassword");
  });

  it("rejects empty input without touching the database", async () => {
    deps.findUserByEmail = () => Promise.reject(new Error("must not be called"));
    await expect(authorizeCredentials({ email: "", password: "" }, "ip", deps)).rejects.toThrow(
      "InvalidInput",
    );
    await expect(authorizeCredentials(undefined, "ip", deps)).rejects.toThrow("InvalidInput");
  });

  it("blocks an email after too many failures, even with the right password", async () => {
    for (let i = 0; i < 3; i++) await expect(attempt(jenny.email, "wrong-password-1")).rejects.toThrow();
    await expect(attempt(jenny.email, "jenny-demo-password")).rejects.toThrow("TooManyAttempts");
  });

  it("blocks an IP that guesses across many emails", async () => {
    deps.limiter = limiter(100, 4);
    for (let i = 0; i < 4; i++) await expect(attempt(`u${i}@example.com`, "guess-123456")).rejects.toThrow();
    await expect(attempt(jenny.email, "jenny-demo-password")).rejects.toThrow("TooManyAttempts");
    await expect(attempt(jenny.email, "jenny-demo-password", "10.0.0.2")).resolves.toMatchObject({
      id: "u1",
    });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    for (let i = 0; i < 2; i++) await expect(attempt(jenny.email, "wrong-password-1")).rejects.toThrow();
    await attempt(jenny.email, "jenny-demo-password");
    for (let i = 0; i < 2; i++) await expect(attempt(jenny.email, "wrong-password-1")).rejects.toThrow();
    await expect(attempt(jenny.email, "jenny-demo-password")).resolves.toMatchObject({ id: "u1" });
  });
});

describe("clientIp", () => {
  it("takes the first forwarded address", () => {
    expect(clientIp({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" })).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp({})).toBe("unknown");
  });
});
