import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/rate-limits/client-ip";
import { requestLimit, type RequestLimit } from "@/lib/rate-limits/request-limit";

/** The client address of a request, by the configured TRUSTED_PROXY_HOPS. */
export function requestClientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  return clientIp(headers, env().TRUSTED_PROXY_HOPS);
}

// Counters live in the database (like the failed sign-ins), so every app instance shares them.
function storedLimit(keyPrefix: string, points: number, duration: number, message: string): RequestLimit {
  return requestLimit(
    new RateLimiterPrisma({
      storeClient: prisma,
      tableName: "RateLimiterFlexible",
      keyPrefix,
      points,
      duration,
    }),
    message,
  );
}

let signUps: RequestLimit | undefined;

/** Sign-up attempts per client address. */
export function signUpLimit(): RequestLimit {
  const config = env();
  signUps ??= storedLimit(
    "signup-ip",
    config.AUTH_MAX_SIGNUPS_PER_IP,
    config.AUTH_SIGNUP_WINDOW_SECONDS,
    "Too many accounts were created from your network.",
  );
  return signUps;
}

let checkoutLimits: { perUser: RequestLimit; perIp: RequestLimit } | undefined;

/** Checkout-session creations per signed-in user and per client address. */
export function checkoutSessionLimits(): { perUser: RequestLimit; perIp: RequestLimit } {
  const config = env();
  const duration = config.CHECKOUT_SESSION_WINDOW_SECONDS;
  checkoutLimits ??= {
    perUser: storedLimit(
      "checkout-user",
      config.CHECKOUT_MAX_SESSIONS_PER_USER,
      duration,
      "You have started too many checkouts in a short time.",
    ),
    perIp: storedLimit(
      "checkout-ip",
      config.CHECKOUT_MAX_SESSIONS_PER_IP,
      duration,
      "Too many checkouts were started from your network.",
    ),
  };
  return checkoutLimits;
}
