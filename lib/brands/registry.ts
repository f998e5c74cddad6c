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

const accountId = z.string().regex(/^acct_[A-Za-z0-9]+$/, "Use a Stripe account id (acct_…).");

/** A credential read from the environment, with the value the local emulator's default world uses. */
const keyRef = z.object({
  env: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  default: z.string().min(1),
});

/**
 * Where a brand's payments live in each sharing strategy. Only account ids and
 * the *names* of the variables holding keys are configuration; key values are
 * read server-side (lib/stripe), so this module is safe anywhere.
 */
export const brandStripeSchema = z.object({
  /** `organization` strategy: the brand's own account in the Stripe organization. */
  account: accountId,
  /** How to act in that account: its own secret key, or the organization key + Stripe-Context. */
  auth: z.enum(["account-key", "organization-key"]).default("account-key"),
  secretKey: keyRef,
  publishableKey: keyRef,
  /** `connect-clone` strategy: the brand's connected account under the platform. */
  connectedAccount: accountId,
});

export const brandSchema = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  tagline: z.string().min(1),
  logo: z.string().startsWith("/"),
  theme: z.object({ primary: hexColor, soft: hexColor }),
  currency: z.string().regex(/^[a-z]{3}$/),
  catalog: z.array(productSchema).min(1),
  stripe: brandStripeSchema,
});

export type Brand = z.infer<typeof brandSchema>;
export type BrandInput = z.input<typeof brandSchema>;
export type Product = z.infer<typeof productSchema>;

const RESERVED_SLUGS = new Set(["api", "account", "org", "signin", "signup", "b", "_next"]);

export function defineBrands(input: unknown): readonly Brand[] {
  const brands = z.array(brandSchema).min(1).parse(input);
  const seen = new Set<string>();
  for (const brand of brands) {
    if (RESERVED_SLUGS.has(brand.slug)) throw new Error(`Brand slug "${brand.slug}" is a reserved path.`);
    if (seen.has(brand.slug)) throw new Error(`Brand slug "${brand.slug}" is used twice.`);
    seen.add(brand.slug);
    if (brands.filter((other) => other.stripe.account === brand.stripe.account).length > 1) {
      throw new Error(`Brand "${brand.slug}" shares its Stripe account with another brand.`);
    }
    const ids = new Set(brand.catalog.map((product) => product.id));
    if (ids.size !== brand.catalog.length) throw new Error(`Brand "${brand.slug}" repeats a product id.`);
  }
  return brands;
}
