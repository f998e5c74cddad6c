import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

export interface RequestLimit {
  /** Counts one request for `key`; over the limit it throws a 429 AppError with Retry-After. */
  take(key: string): Promise<void>;
}

function inWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** A fixed-window limit on requests per key (an address, a user), stored by `limiter`. */
export function requestLimit(limiter: RateLimiterAbstract, message: string): RequestLimit {
  return {
    async take(key) {
      try {
        await limiter.consume(key);
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) throw result;
        const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
        throw new AppError("rate_limited", `${message} Try again in ${inWords(retryAfterSeconds)}.`, {
          retryAfterSeconds,
        });
      }
    },
  };
}
