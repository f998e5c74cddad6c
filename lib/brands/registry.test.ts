import { describe, expect, it } from "vitest";
import { brands } from "@/lib/brands";
import { brandDefinitions } from "@/lib/brands/definitions";
import { defineBrands } from "@/lib/brands/registry";

const thirdBrand = {
  slug: "eats",
  name: "Rocket Eats",
  tagline: "Hot meals from the best kitchens nearby.",
  logo: "/brands/eats.svg",
  theme: { primary: "#b91c1c", soft: "#fef2f2" },
  currency: "eur",
  stripe: {
    account: { env: "STRIPE_EATS_ACCOUNT", default: "acct_1RocketEats000001" },
    secretKey: { env: "STRIPE_EATS_SECRET_KEY", default: "sk_test_eats" },
    publishableKey: { env: "STRIPE_EATS_PUBLISHABLE_KEY", default: "pk_test_eats" },
    connectedAccount: { env: "STRIPE_EATS_CONNECTED_ACCOUNT", default: "acct_1RocketEatsCnct01" },
  },
  catalog: [
    {
      id: "lunch-box",
      name: "Lunch box",
      description: "Chef's lunch.",
      image: "/brands/eats.svg",
      unitAmount: 1290,
    },
  ],
};

describe("brand registry", () => {
  it("ships Rocket Rides and Rocket Deliveries", () => {
    expect(brands.map((brand) => brand.name)).toEqual(["Rocket Rides", "Rocket Deliveries"]);
  });

  it("adds a third brand with configuration alone", () => {
    const all = defineBrands([...brandDefinitions, thirdBrand]);
    expect(all.map((brand) => brand.slug)).toEqual(["rides", "deliveries", "eats"]);
    expect(all[2]?.catalog[0]?.unitAmount).toBe(1290);
    expect(all[2]?.stripe.auth).toBe("account-key");
  });

  it("rejects duplicate slugs, reserved paths and bad prices", () => {
    expect(() => defineBrands([...brandDefinitions, { ...thirdBrand, slug: "rides" }])).toThrow(/used twice/);
    expect(() =>
      defineBrands([...brandDefinitions, thirdBrand], { STRIPE_EATS_ACCOUNT: "acct_1RocketRides00001" }),
    ).toThrow(/shares its Stripe account/);
    expect(() => defineBrands([{ ...thirdBrand, slug: "api" }])).toThrow(/reserved/);
    const badPrice = { ...thirdBrand, catalog: [{ ...thirdBrand.catalog[0], unitAmount: 12.5 }] };
    expect(() => defineBrands([badPrice])).toThrow();
  });

  it("takes each brand's account ids from its variables, the emulator's accounts by default", () => {
    const configured = defineBrands(brandDefinitions, {
      STRIPE_RIDES_ACCOUNT: "acct_1LiveRides0000001",
      STRIPE_DELIVERIES_CONNECTED_ACCOUNT: " acct_1LiveDelivCnct01 ",
    });
    expect(configured.map((brand) => [brand.stripe.account, brand.stripe.connectedAccount])).toEqual([
      ["acct_1LiveRides0000001", "acct_1RocketRidesCnct01"],
      ["acct_1RocketDeliver0001", "acct_1LiveDelivCnct01"],
    ]);
    expect(brands.map((brand) => brand.stripe.account)).toEqual([
      "acct_1RocketRides00001",
      "acct_1RocketDeliver0001",
    ]);
  });

  it("refuses an account id that is not acct_…, naming every variable at fault", () => {
    const attempt = () =>
      defineBrands(brandDefinitions, {
        STRIPE_RIDES_ACCOUNT: "rides",
        STRIPE_DELIVERIES_CONNECTED_ACCOUNT: "acct_with spaces",
      });
    expect(attempt).toThrow(/STRIPE_RIDES_ACCOUNT: Use a Stripe account id \(acct_…\)/);
    expect(attempt).toThrow(/STRIPE_DELIVERIES_CONNECTED_ACCOUNT/);
  });
});
