import type { Brand } from "@/lib/brands/registry";

/** What the browser may know about a brand (no Stripe configuration). */
export type PublicBrand = Pick<
  Brand,
  "slug" | "name" | "tagline" | "logo" | "theme" | "currency" | "catalog"
>;

export function publicBrand(brand: Brand): PublicBrand {
  const { slug, name, tagline, logo, theme, currency, catalog } = brand;
  return { slug, name, tagline, logo, theme, currency, catalog };
}
