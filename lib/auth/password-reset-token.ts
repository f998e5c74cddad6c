import { createHash, randomBytes } from "node:crypto";

/**
 * The rules of forgotten-password links. A link carries 32 random bytes (base64url); the
 * database keeps only their sha256, so a leaked table or backup opens no account. A link
 * works once, for RESET_LINK_MINUTES.
 */

export const RESET_LINK_MINUTES = 30;

const TOKEN_BYTES = 32;
// 32 bytes in base64url without padding.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface NewResetToken {
  /** Goes in the link, and nowhere else. */
  token: string;
  /** What is stored. */
  tokenHash: string;
  expiresAt: Date;
}

export function hashResetToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newResetToken(now: Date = new Date()): NewResetToken {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return {
    token,
    tokenHash: hashResetToken(token),
    expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
  };
}

/** Whether a value could be a token we issued: anything else is refused without a lookup. */
export function isWellFormedResetToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_SHAPE.test(value);
}

export function isResetTokenExpired(stored: { expiresAt: Date }, now: Date = new Date()): boolean {
  return stored.expiresAt.getTime() <= now.getTime();
}

/** The page a link opens. The token is in the query: the pages' Referrer-Policy keeps it off other sites. */
export function resetLink(appUrl: string, token: string): string {
  const url = new URL("/reset-password", appUrl);
  url.searchParams.set("token", token);
  return url.toString();
}
