import "server-only";
import pino from "pino";

/** Structured logs; request bodies and passwords are never passed in here. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "rocket-checkout" },
  redact: { paths: ["password", "*.password", "passwordHash", "*.passwordHash"], censor: "[redacted]" },
});
