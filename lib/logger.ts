import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";
import { logLevel } from "@/lib/env";
import { REDACTED, redactText } from "@/lib/redact";

/**
 * Structured logs (pino JSON, one line per entry). Logs keep ids (cus_…, pi_…,
 * evt_…) so an operator can find an object again, and never personal data:
 * fields that hold a shopper's name, email, phone or address, and event or
 * request payloads, are replaced at any depth, and every string (an error's
 * message and stack included: a Stripe or database error can quote what a
 * shopper typed) is scrubbed of emails and phone numbers.
 *
 * The scrub builds a redacted copy. pino's path-based `redact` censors in place
 * and, with overlapping paths (a `billing_details` inside an object whose
 * `name` is also censored), can leave the caller's object censored; it is kept
 * for the secret fields only, whose paths never overlap.
 */
const PERSONAL_FIELDS = new Set([
  "name",
  "email",
  "phone",
  "address",
  "line1",
  "line2",
  "postal_code",
  "shipping",
  "billing_details",
  "customer_details",
  "customer_email",
  "receipt_email",
  "payload",
  "body",
]);
const SECRET_PATHS = ["password", "*.password", "passwordHash", "*.passwordHash"];
const MAX_DEPTH = 8;

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactText(value);
  if (!value || typeof value !== "object") return value;
  if (depth > MAX_DEPTH || seen.has(value)) return REDACTED;
  seen.add(value);
  if (value instanceof Error) {
    // message and stack (with causes), type and the error's own fields (Stripe's code, param, …).
    const { raw: _raw, ...serialized } = { ...pino.stdSerializers.err(value) } as Record<string, unknown>;
    return scrub(serialized, depth, new WeakSet());
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] =
      PERSONAL_FIELDS.has(key) && field !== null && field !== undefined
        ? REDACTED
        : scrub(field, depth + 1, seen);
  }
  return copy;
}

export function createLogger(destination?: DestinationStream): Logger {
  const options = {
    level: logLevel(),
    base: { service: "rocket-checkout" },
    redact: { paths: SECRET_PATHS, censor: REDACTED },
    formatters: { log: (entry: Record<string, unknown>) => scrub(entry) as Record<string, unknown> },
    // Errors are serialized (and scrubbed) above; the default serializer would rename their type.
    serializers: { err: (error: unknown) => error },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();
