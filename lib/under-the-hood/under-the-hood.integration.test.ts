import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";
import type * as UnderTheHood from "@/lib/under-the-hood/under-the-hood";

let world: IntegrationWorld;
let shop: Shop;
let underTheHood: typeof UnderTheHood.underTheHood;

beforeAll(async () => {
  world = await startIntegrationWorld();
  shop = await openShop(world);
  underTheHood = (await import("@/lib/under-the-hood/under-the-hood")).underTheHood;
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

describe("under the hood of a checkout", () => {
  it("shows its owner the session's Stripe calls and the customer in every brand's account", async () => {
    const user = await shop.newShopper();
    const { sessionId } = await shop.createCheckoutSession(user, {
      brand: "deliveries",
      lines: [{ productId: "grocery-run", quantity: 1 }],
      submissionId: shop.submission(),
    });

    const report = await underTheHood(user, sessionId);
    expect(report).toMatchObject({ sessionId, brand: "Rocket Deliveries", strategy: "organization" });
    expect(report.account.label).toBe("Rocket Deliveries");
    const customerId = report.customer.canonicalId;
    expect(customerId).toMatch(/^cus_/);
    expect(report.customer.accounts.map((a) => [a.brand, a.customerId])).toEqual([
      ["Rocket Rides", customerId],
      ["Rocket Deliveries", customerId],
    ]);
    if (!report.calls.ok) throw new Error(report.calls.message);
    const create = report.calls.items.find((c) => c.method === "POST" && c.path === "/v1/checkout/sessions");
    expect(create).toMatchObject({ account: report.account, source: "server", status: 200 });
    expect(create?.idempotencyKey).toBeTruthy();
    expect(create?.link).toBe(`${world.emulator.url}/_emulator/dashboard/requests/${create?.n}`);
    const customerCreate = report.calls.items.find((c) => c.path === "/v1/customers");
    expect(customerCreate?.account?.label).toBe("Rocket Rides");
  });

  it("is not found for anyone but the checkout's owner", async () => {
    const owner = await shop.newShopper();
    const { sessionId } = await shop.createCheckoutSession(owner, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const stranger = await shop.newShopper();
    await expect(underTheHood(stranger, sessionId)).rejects.toMatchObject({ code: "not_found" });
    await expect(underTheHood(owner, "cs_test_unknown")).rejects.toMatchObject({ code: "not_found" });
  });

  it("says so when the emulator's request log cannot be read, and still shows the rest", async () => {
    const user = await shop.newShopper();
    const { sessionId } = await shop.createCheckoutSession(user, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) =>
      String(input instanceof Request ? input.url : input).includes("/_emulator/requests")
        ? new Response('{"data":"not a list"}', { status: 200 })
        : realFetch(input, init);
    try {
      const report = await underTheHood(user, sessionId);
      expect(report.calls).toEqual({
        ok: false,
        message: "The emulator's request log could not be read. Is the emulator still running?",
      });
      expect(report.customer.canonicalId).toMatch(/^cus_/);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
