import { describe, expect, it } from "vitest";
import { brands } from "@/lib/brands";
import { defineBrands } from "@/lib/brands/registry";

const thirdBrand = {
  slug: "eats",
  name: "Rocket Eats",
  tagline: "Hot meals from the best kitchens nearby.",
  logo: "/brands/eats.svg",
  theme: { primary: "#b91c1c", soft: "#fef2f2" },
  currency: "eur",
  stripe: {
    account: "acct_1RocketEats000001",
    secretKey: { env: "STRIPE_EATS_SECRET_KEY", default: "sk_test_eats" },
    publishableKey: { env: "STRIPE_EATS_PUBLISHABLE_KEY", default: "pk_test_eats" },
    connectedAccount: "acct_1RocketEatsCnct01",
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
    const all = defineBrands([...brands, thirdBrand]);
    expect(all.map((brand) => brand.slug)).toEqual(["rides", "deliveries", "eats"]);
    expect(all[2]?.catalog[0]?.unitAmount).toBe(1290);
    expect(all[2]?.stripe.auth).toBe("account-key");
  });

  it("rejects duplicate slugs, reserved paths and bad prices", () => {
    expect(() => defineBrands([...brands, { ...thirdBrand, slug: "rides" }])).toThrow(/used twice/);
    const sameAccount = {
      ...thirdBrand,
      stripe: { ...thirdBrand.stripe, account: "acct_1RocketRides00001" },
    };
    expect(() => defineBrands([...brands, sameAccount])).toThrow(/shares its Stripe account/);
    expect(() => defineBrands([{ ...thirdBrand, slug: "api" }])).toThrow(/reserved/);
    const badPrice = { ...thirdBrand, catalog: [{ ...thirdBrand.catalog[0], unitAmount: 12.5 }] };
    expect(() => defineBrands([badPrice])).toThrow();
  });
});
