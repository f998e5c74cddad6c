import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * "Known device" cookies, after OWASP's device-cookie defence against online guessing:
 * a browser that signs in to an account gets a signed cookie naming that account. Its
 * failed attempts are counted against the cookie alone, so someone guessing from elsewhere
 * (who cannot have one for the account without its password) never locks the owner's
 * browser out. The cookie holds a random id, when it was issued and a MAC over both and
 * the account's email; the email itself is not in it.
 */

export const KNOWN_DEVICE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

/** `__Host-` keeps the cookie to this exact origin; browsers only accept it over HTTPS. */
export function knownDeviceCookieName(secure: boolean): string {
  return secure ? "__Host-rocket.known-device" : "rocket.known-device";
}

function mac(id: string, issuedAt: string, email: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`known-device\n${id}\n${issuedAt}\n${email}`).digest();
}

/** A new cookie value for a browser that just signed in to `email`. */
export function issueKnownDevice(email: string, secret: string, now = Date.now()): string {
  const id = randomBytes(16).toString("base64url");
  const issuedAt = String(Math.floor(now / 1000));
  return `${id}.${issuedAt}.${mac(id, issuedAt, email, secret).toString("base64url")}`;
}

/** The device id when `cookie` was issued for `email` and has not expired, else null. */
export function knownDeviceId(
  cookie: string | undefined,
  email: string,
  secret: string,
  now = Date.now(),
): string | null {
  if (!cookie || cookie.length > 200) return null;
  const parts = cookie.split(".");
  if (parts.length !== 3) return null;
  const [id = "", issuedAt = "", signature = ""] = parts;
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id) || !/^\d{1,12}$/.test(issuedAt)) return null;
  const expected = mac(id, issuedAt, email, secret);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const ageSeconds = now / 1000 - Number(issuedAt);
  // A few minutes of clock difference between app instances is not a forgery.
  return ageSeconds >= -300 && ageSeconds <= KNOWN_DEVICE_MAX_AGE_SECONDS ? id : null;
}
