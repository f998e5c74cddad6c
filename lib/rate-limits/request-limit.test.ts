import { RateLimiterMemory } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { requestLimit } from "@/lib/rate-limits/request-limit";

describe("requestLimit", () => {
  const limit = () =>
    requestLimit(new RateLimiterMemory({ points: 2, duration: 600 }), "Too many sign-ups from your network.");

  it("lets requests through up to the limit, per key", async () => {
    const signUps = limit();
    await signUps.take("203.0.113.9");
    await signUps.take("203.0.113.9");
    await expect(signUps.take("198.51.100.4")).resolves.toBeUndefined();
  });

  it("answers the next one 429 with when to come back", async () => {
    const signUps = limit();
    await signUps.take("203.0.113.9");
    await signUps.take("203.0.113.9");
    const refused = await signUps.take("203.0.113.9").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    const response = (refused as AppError).toResponse();
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(590);
    expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(600);
    expect(await response.json()).toEqual({
      error: {
        code: "rate_limited",
        message: "Too many sign-ups from your network. Try again in 10 minutes.",
      },
    });
  });
});
