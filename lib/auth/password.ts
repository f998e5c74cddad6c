import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 iterations): strong enough for real use,
// fast enough (~30 ms) that sign-in and the seed stay quick on two cores.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must read as "wrong password", never as a 500.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash made with the same settings as real ones, of a random password nobody knows.
 * Sign-in verifies it when there is no real hash to check, so an unknown email takes
 * as long as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(randomBytes(32).toString("base64url"), ARGON2_OPTIONS);
  return dummyHash;
}
