import { brandDefinitions } from "@/lib/brands/definitions";
import { defineBrands, type Brand } from "@/lib/brands/registry";

export type { Brand, Product } from "@/lib/brands/registry";

// Browsers have no process.env: there the defaults stand in (no Stripe setting reaches a page).
const settings = typeof process === "undefined" ? {} : process.env;

export const brands: readonly Brand[] = defineBrands(brandDefinitions, settings);

export function findBrand(slug: string): Brand | undefined {
  return brands.find((brand) => brand.slug === slug);
}

/** The brand that owns a Stripe account, in either sharing strategy. */
export function brandForAccount(account: string): Brand | undefined {
  return brands.find(
    (brand) => brand.stripe.account === account || brand.stripe.connectedAccount === account,
  );
}
