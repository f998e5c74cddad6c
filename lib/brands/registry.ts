import { z } from "zod";

/**
 * The brands of the company. A brand is configuration, not code: adding one is
 * one more entry here (plus its logo in public/brands/).
 */
const hexColor = z.string().regex(/^#[0-9a-f]{6}$/i, "Use a #rrggbb colour.");

export const productSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "Product ids are lowercase words joined by dashes."),
  name: z.string().min(1),
  description: z.string().min(1),
  image: z.string().startsWith("/"),
  unitAmount: z.number().int().positive(),
});

export const brandSchema = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  tagline: z.string().min(1),
  logo: z.string().startsWith("/"),
  theme: z.object({ primary: hexColor, soft: hexColor }),
  currency: z.string().regex(/^[a-z]{3}$/),
  catalog: z.array(productSchema).min(1),
});

export type Brand = z.infer<typeof brandSchema>;
export type Product = z.infer<typeof productSchema>;

const RESERVED_SLUGS = new Set(["api", "account", "org", "signin", "signup", "b", "_next"]);

export function defineBrands(input: unknown): readonly Brand[] {
  const brands = z.array(brandSchema).min(1).parse(input);
  const seen = new Set<string>();
  for (const brand of brands) {
    if (RESERVED_SLUGS.has(brand.slug)) throw new Error(`Brand slug "${brand.slug}" is a reserved path.`);
    if (seen.has(brand.slug)) throw new Error(`Brand slug "${brand.slug}" is used twice.`);
    seen.add(brand.slug);
    const ids = new Set(brand.catalog.map((product) => product.id));
    if (ids.size !== brand.catalog.length) throw new Error(`Brand "${brand.slug}" repeats a product id.`);
  }
  return brands;
}
