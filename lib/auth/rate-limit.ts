import type { RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Failed sign-ins are counted per email and per client IP. Counters live in the
 * database so a restart, or a second app instance, does not reset them.
 */
export interface FailedSignInLimiter {
  /** Seconds until another attempt is allowed, or 0 when attempts remain. */
  blockedFor(email: string, ip: string): Promise<number>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export function createFailedSignInLimiter(limiters: {
  byEmail: RateLimiterAbstract;
  byIp: RateLimiterAbstract;
}): FailedSignInLimiter {
  const { byEmail, byIp } = limiters;
  const waitSeconds = async (limiter: RateLimiterAbstract, key: string) => {
    const state = await limiter.get(key);
    if (!state || state.consumedPoints < limiter.points) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  };
  const consume = async (limiter: RateLimiterAbstract, key: string) => {
    // Rejection only means the budget is spent, which blockedFor reports next time.
    await limiter.consume(key).catch(() => undefined);
  };
  return {
    async blockedFor(email, ip) {
      const [emailWait, ipWait] = await Promise.all([waitSeconds(byEmail, email), waitSeconds(byIp, ip)]);
      return Math.max(emailWait, ipWait);
    },
    async recordFailure(email, ip) {
      await Promise.all([consume(byEmail, email), consume(byIp, ip)]);
    },
    async recordSuccess(email) {
      await byEmail.delete(email);
    },
  };
}
