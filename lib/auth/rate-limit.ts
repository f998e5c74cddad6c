import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Who is signing in, as far as the limits are concerned: the client address (or the
 * shared bucket when it cannot be trusted, see `clientIp`), and whether this browser
 * holds a known-device cookie for the account it is signing in to.
 */
export interface SignInClient {
  ip: string;
  /** The device id when this browser signed in to `email` before, else null. */
  knownDeviceFor(email: string): string | null;
}

/**
 * Failed sign-ins, limited so that guessing is slow and no one can keep an owner out:
 *
 * - per account and client (a known browser by its device cookie, any other by its
 *   address): a few failures, then that client alone is refused for the window;
 * - per account, across every client without a device cookie: past a much higher number,
 *   each further failure makes new clients wait twice as long (1 s, 2 s, 4 s, … up to the
 *   window), which slows an attack spread over many addresses;
 * - per address, across accounts (clients without a device cookie): credential stuffing.
 *
 * A browser that signed in to the account before is subject to its own count only.
 * Counters live in the database so a restart, or a second app instance, keeps them.
 */
export interface FailedSignInLimiter {
  /** Seconds until this client may try `email` again, or 0 when it may now. */
  blockedFor(email: string, client: SignInClient): Promise<number>;
  recordFailure(email: string, client: SignInClient): Promise<void>;
  recordSuccess(email: string, client: SignInClient): Promise<void>;
}

export function createFailedSignInLimiter(limiters: {
  byClient: RateLimiterAbstract;
  byIp: RateLimiterAbstract;
  byEmail: RateLimiterAbstract;
  /** Holds the progressive wait per account (set with `block`). */
  emailDelay: RateLimiterAbstract;
  maxDelaySeconds: number;
}): FailedSignInLimiter {
  const { byClient, byIp, byEmail, emailDelay, maxDelaySeconds } = limiters;
  const clientKey = (email: string, client: SignInClient) => {
    const device = client.knownDeviceFor(email);
    return JSON.stringify(device ? [email, "device", device] : [email, "ip", client.ip]);
  };
  const waitSeconds = async (limiter: RateLimiterAbstract, key: string) => {
    const state = await limiter.get(key);
    if (!state || state.consumedPoints < limiter.points) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  };
  // A spent budget rejects with the counter's state; both outcomes carry the count.
  const consume = (limiter: RateLimiterAbstract, key: string) =>
    limiter.consume(key).catch((result: unknown) => {
      if (result instanceof RateLimiterRes) return result;
      throw result;
    });
  return {
    async blockedFor(email, client) {
      const own = waitSeconds(byClient, clientKey(email, client));
      if (client.knownDeviceFor(email)) return own;
      const waits = await Promise.all([own, waitSeconds(byIp, client.ip), waitSeconds(emailDelay, email)]);
      return Math.max(...waits);
    },
    async recordFailure(email, client) {
      if (client.knownDeviceFor(email)) {
        await consume(byClient, clientKey(email, client));
        return;
      }
      const [, , forEmail] = await Promise.all([
        consume(byClient, clientKey(email, client)),
        consume(byIp, client.ip),
        consume(byEmail, email),
      ]);
      const beyond = forEmail.consumedPoints - byEmail.points;
      if (beyond > 0) {
        await emailDelay.block(email, Math.min(2 ** (beyond - 1), maxDelaySeconds));
      }
    },
    async recordSuccess(email, client) {
      await byClient.delete(clientKey(email, client));
    },
  };
}
