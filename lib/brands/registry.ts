import { z } from "zod";

/**
 * The brands of the company. A brand is configuration, not code: adding one is
 * one more entry in lib/brands/definitions.ts (plus its logo in public/brands/).
 */
const hexColor = z.string().regex(/^#[0-9a-f]{6}$/i, "Use a #rrggbb colour.");

export const productSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "Product ids are lowercase words joined by dashes."),
  name: z.string().min(1),
  description: z.string().min(1),
  image: z.string().startsWith("/"),
  unitAmount: z.number().int().positive(),
});

const ACCOUNT_ID = /^acct_[A-Za-z0-9]+$/;
const ACCOUNT_ID_MESSAGE = "Use a Stripe account id (acct_…).";
const accountId = z.string().regex(ACCOUNT_ID, ACCOUNT_ID_MESSAGE);
const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

/** A credential read from the environment, with the value the local emulator's default world uses. */
const keyRef = z.object({ env: envName, default: z.string().min(1) });

/** An account id read from the environment, with the local emulator's account as the default. */
const accountRef = z.object({ env: envName, default: accountId });

export type SettingRef = z.infer<typeof keyRef>;

/**
 * Where a brand's payments live in each sharing strategy. Only account ids and
 * the *names* of the variables holding keys are configuration; key values are
 * read server-side (lib/stripe), so this module is safe anywhere.
 */
export const brandStripeSchema = z.object({
  /** `organization` strategy: the brand's own account in the Stripe organization. */
  account: accountRef,
  /** How to act in that account: its own secret key, or the organization key + Stripe-Context. */
  auth: z.enum(["account-key", "organization-key"]).default("account-key"),
  secretKey: keyRef,
  publishableKey: keyRef,
  /** `connect-clone` strategy: the brand's connected account under the platform. */
  connectedAccount: accountRef,
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

/** A brand as configured: account ids still name their variables. */
export type BrandDefinition = z.input<typeof brandSchema>;
type ParsedBrand = z.infer<typeof brandSchema>;

/** A brand as the app uses it: its account ids read from the environment. */
export type Brand = Omit<ParsedBrand, "stripe"> & {
  stripe: Omit<ParsedBrand["stripe"], "account" | "connectedAccount"> & {
    account: string;
    connectedAccount: string;
  };
};
export type Product = z.infer<typeof productSchema>;

export type Settings = Readonly<Record<string, string | undefined>>;

/** The variable's value ("" or blank = unset), else the default. */
export function settingValue(ref: SettingRef, settings: Settings): string {
  const value = settings[ref.env]?.trim();
  return value ? value : ref.default;
}

/** Every brand account variable that is set to something other than an account id. */
export function brandAccountProblems(definitions: readonly BrandDefinition[], settings: Settings): string[] {
  return definitions.flatMap((brand) =>
    [brand.stripe.account, brand.stripe.connectedAccount]
      .filter((ref) => !ACCOUNT_ID.test(settingValue(ref, settings)))
      .map((ref) => `${ref.env}: ${ACCOUNT_ID_MESSAGE}`),
  );
}

const RESERVED_SLUGS = new Set(["api", "account", "org", "signin", "signup", "b", "_next"]);

/** Validates the brands and reads their account ids from `settings` (the environment). */
export function defineBrands(input: unknown, settings: Settings = {}): readonly Brand[] {
  const parsed = z.array(brandSchema).min(1).parse(input);
  const problems = brandAccountProblems(parsed, settings);
  if (problems.length > 0) {
    throw new Error(
      `Invalid brand configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  const brands: Brand[] = parsed.map((brand) => ({
    ...brand,
    stripe: {
      ...brand.stripe,
      account: settingValue(brand.stripe.account, settings),
      connectedAccount: settingValue(brand.stripe.connectedAccount, settings),
    },
  }));
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
