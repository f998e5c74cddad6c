import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { createFailedSignInLimiter, type FailedSignInLimiter } from "@/lib/auth/rate-limit";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

let shared: FailedSignInLimiter | undefined;

export function failedSignInLimiter(): FailedSignInLimiter {
  if (!shared) {
    const config = env();
    const duration = config.AUTH_FAILED_SIGNIN_WINDOW_SECONDS;
    const common = { storeClient: prisma, tableName: "RateLimiterFlexible", duration };
    shared = createFailedSignInLimiter({
      byClient: new RateLimiterPrisma({
        ...common,
        keyPrefix: "signin-client",
        points: config.AUTH_MAX_FAILED_SIGNINS_PER_CLIENT,
      }),
      byIp: new RateLimiterPrisma({
        ...common,
        keyPrefix: "signin-ip",
        points: config.AUTH_MAX_FAILED_SIGNINS_PER_IP,
      }),
      byEmail: new RateLimiterPrisma({
        ...common,
        keyPrefix: "signin-email",
        points: config.AUTH_FAILED_SIGNINS_PER_EMAIL_BEFORE_DELAY,
      }),
      emailDelay: new RateLimiterPrisma({ ...common, keyPrefix: "signin-email-delay", points: 1 }),
      maxDelaySeconds: duration,
    });
  }
  return shared;
}
