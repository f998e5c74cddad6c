import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SharingStrategy } from "@/lib/customers/strategy";

// The environment is read once per process: set the home brand before the modules load.
let strategy: SharingStrategy;
beforeAll(async () => {
  process.env.SHARING_HOME_BRAND = "deliveries";
  strategy = (await import("@/lib/customers/organization")).organizationStrategy();
});
afterAll(() => {
  delete process.env.SHARING_HOME_BRAND;
});

describe("the organization strategy's home account", () => {
  it("is the account of the brand SHARING_HOME_BRAND names, not the first brand", () => {
    const home = strategy.homeAccount();
    expect([home.account, home.stripeAccount, home.publishableKey]).toEqual([
      "acct_1RocketDeliver0001",
      "acct_1RocketDeliver0001",
      "pk_test_deliveries_emulator_0001",
    ]);
  });

  it("counts a customer in any brand account of the group as canonical, and none elsewhere", () => {
    expect(strategy.holdsCanonicalCustomers("acct_1RocketRides00001")).toBe(true);
    expect(strategy.holdsCanonicalCustomers("acct_1RocketDeliver0001")).toBe(true);
    expect(strategy.holdsCanonicalCustomers("acct_1RocketRidesCnct01")).toBe(false);
    expect(strategy.holdsCanonicalCustomers("acct_1RocketPlatform001")).toBe(false);
  });
});
