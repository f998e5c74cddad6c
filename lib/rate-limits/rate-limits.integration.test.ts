import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as Session from "@/lib/auth/session";
import type { CurrentUser } from "@/lib/auth/session";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

// Route handlers ask next-auth who is signed in; here the test says so.
const signedIn: { user: CurrentUser | null } = { user: null };
vi.mock("@/lib/auth/session", async (original) => ({
  ...(await original<typeof Session>()),
  requireApiUser: async () => {
    if (!signedIn.user) throw new Error("no user signed in for this request");
    return signedIn.user;
  },
}));

let world: IntegrationWorld;
let shop: Shop;
type Handler = (request: Request, context: unknown) => Promise<Response>;
let signUp: Handler;
let createSession: Handler;

beforeAll(async () => {
  world = await startIntegrationWorld();
  Object.assign(process.env, {
    TRUSTED_PROXY_HOPS: "1",
    AUTH_MAX_SIGNUPS_PER_IP: "2",
    CHECKOUT_MAX_SESSIONS_PER_USER: "2",
    CHECKOUT_MAX_SESSIONS_PER_IP: "3",
    AUTH_FAILED_SIGNINS_PER_EMAIL_BEFORE_DELAY: "2",
  });
  shop = await openShop(world);
  signUp = (await import("@/app/api/auth/signup/route")).POST;
  createSession = (await import("@/app/api/checkout/sessions/route")).POST;
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

function post(path: string, body: unknown, forwardedFor: string): Request {
  return new Request(`http://127.0.0.1:9${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify(body),
  });
}

let people = 0;
const newPerson = () => {
  people += 1;
  return {
    name: `Person ${people}`,
    email: `person${people}-${Date.now()}@example.com`,
    password: "tangerine-orbit-quartz-9",
  };
};

describe("sign-up limit per address", () => {
  it("answers 429 with Retry-After past the limit, whatever the client claims to be", async () => {
    expect((await signUp(post("/api/auth/signup", newPerson(), "203.0.113.9"), {})).status).toBe(201);
    // The address before the trusted proxy's is the client's own claim: ignored.
    expect((await signUp(post("/api/auth/signup", newPerson(), "1.1.1.1, 203.0.113.9"), {})).status).toBe(
      201,
    );
    const refused = await signUp(post("/api/auth/signup", newPerson(), "2.2.2.2, 203.0.113.9"), {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3500);
    expect(await refused.json()).toEqual({
      error: {
        code: "rate_limited",
        message: "Too many accounts were created from your network. Try again in 60 minutes.",
      },
    });
    expect((await signUp(post("/api/auth/signup", newPerson(), "198.51.100.4"), {})).status).toBe(201);
  });

  it("does not count malformed requests, which get their 400", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await signUp(post("/api/auth/signup", { email: "nope" }, "198.51.100.77"), {});
      expect(response.status).toBe(400);
    }
    expect((await signUp(post("/api/auth/signup", newPerson(), "198.51.100.77"), {})).status).toBe(201);
  });
});

describe("checkout-session limits", () => {
  const cart = () => ({
    brand: "rides",
    lines: [{ productId: "city-ride", quantity: 1 }],
    submissionId: shop.submission(),
  });
  const start = (forwardedFor: string) =>
    createSession(post("/api/checkout/sessions", cart(), forwardedFor), {});

  it("limits each user, then each address, with a clear 429", async () => {
    signedIn.user = await shop.newShopper();
    expect((await start("203.0.113.50")).status).toBe(201);
    expect((await start("203.0.113.50")).status).toBe(201);
    const perUser = await start("203.0.113.50");
    expect(perUser.status).toBe(429);
    expect(perUser.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(((await perUser.json()) as { error: { message: string } }).error.message).toBe(
      "You have started too many checkouts in a short time. Try again in 10 minutes.",
    );

    signedIn.user = await shop.newShopper();
    expect((await start("203.0.113.50")).status).toBe(201);
    const perIp = await start("203.0.113.50");
    expect(perIp.status).toBe(429);
    expect(((await perIp.json()) as { error: { message: string } }).error.message).toBe(
      "Too many checkouts were started from your network. Try again in 10 minutes.",
    );
    signedIn.user = await shop.newShopper();
    expect((await start("198.51.100.50")).status).toBe(201);
  });
});

describe("failed sign-ins in the database", () => {
  it("slows new clients of a much-attacked account and lets its known browser in", async () => {
    const { failedSignInLimiter } = await import("@/lib/auth/failed-sign-ins");
    const limiter = failedSignInLimiter();
    const email = "attacked@example.com";
    const from = (ip: string, device: string | null = null) => ({ ip, knownDeviceFor: () => device });
    for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3"])
      await limiter.recordFailure(email, from(ip));
    expect(await limiter.blockedFor(email, from("203.0.113.4"))).toBeGreaterThan(0);
    expect(await limiter.blockedFor(email, from("203.0.113.4", "owners-laptop"))).toBe(0);
  });
});
