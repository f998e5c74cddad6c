import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { requestLimit, type RequestLimit } from "@/lib/rate-limits/request-limit";

/**
 * Forgotten-password requests, limited like sign-in: per email (no inbox is flooded, and
 * an unknown email is counted the same, so the limit tells nothing about who has an
 * account) and per client address (requests and new passwords alike). Stored in the
 * database, so every app instance shares the counts.
 */
export interface PasswordResetLimits {
  perEmail: RequestLimit;
  perIp: RequestLimit;
}

let limits: PasswordResetLimits | undefined;

export function passwordResetLimits(): PasswordResetLimits {
  const config = env();
  const common = {
    storeClient: prisma,
    tableName: "RateLimiterFlexible",
    duration: config.AUTH_PASSWORD_RESET_WINDOW_SECONDS,
  };
  limits ??= {
    perEmail: requestLimit(
      new RateLimiterPrisma({
        ...common,
        keyPrefix: "password-reset-email",
        points: config.AUTH_MAX_PASSWORD_RESETS_PER_EMAIL,
      }),
      "We have sent several links to that address already. Check your inbox (and spam folder).",
    ),
    perIp: requestLimit(
      new RateLimiterPrisma({
        ...common,
        keyPrefix: "password-reset-ip",
        points: config.AUTH_MAX_PASSWORD_RESETS_PER_IP,
      }),
      "Too many password resets were asked for from your network.",
    ),
  };
  return limits;
}
