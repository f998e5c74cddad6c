import { z } from "zod";
import type { World } from "../config/world.js";

/**
 * What the checkout page shows, read from the control route
 * `GET /_emulator/checkout/sessions/by-secret/:secret` (the page and the control API
 * share one source of truth) and narrowed to the fields the page needs.
 */

const brandingSchema = z.object({
  display_name: z.string(),
  primary_color: z.string(),
  secondary_color: z.string(),
});

const cardSchema = z.object({
  brand: z.string(),
  last4: z.string(),
  exp_month: z.number(),
  exp_year: z.number(),
});

const savedCardSchema = z.object({
  id: z.string(),
  created: z.number(),
  card: cardSchema,
  billing_details: z.object({ name: z.string().nullable().optional() }).partial().nullable().optional(),
});

const lineItemSchema = z.object({
  id: z.string(),
  description: z.string().nullable(),
  quantity: z.number().nullable(),
  amount_subtotal: z.number(),
  amount_total: z.number(),
  currency: z.string(),
  price: z.object({ unit_amount: z.number().nullable() }).nullable().optional(),
});

const sessionSchema = z.object({
  id: z.string(),
  mode: z.string(),
  status: z.enum(["open", "complete", "expired"]).nullable(),
  payment_status: z.string(),
  currency: z.string().nullable(),
  amount_subtotal: z.number().nullable(),
  amount_total: z.number().nullable(),
  customer: z.string().nullable(),
  customer_email: z.string().nullable(),
  customer_creation: z.string().nullable().optional(),
  locale: z.string().nullable(),
  return_url: z.string().nullable().optional(),
  redirect_on_completion: z.string().nullable().optional(),
  expires_at: z.number(),
  total_details: z
    .object({ amount_discount: z.number(), amount_shipping: z.number(), amount_tax: z.number() })
    .nullable(),
});

export const pageViewSchema = z.object({
  session: sessionSchema,
  line_items: z.array(lineItemSchema),
  account: z.object({
    id: z.string(),
    name: z.string().nullable(),
    branding: brandingSchema.nullable(),
    country: z.string().nullable(),
  }),
  customer: z
    .object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() })
    .nullable(),
  saved_payment_methods: z.array(savedCardSchema),
  save_payment_method_offered: z.boolean(),
});

export type PageView = z.infer<typeof pageViewSchema>;
export type SavedCard = z.infer<typeof savedCardSchema>;
export type Branding = z.infer<typeof brandingSchema>;

/** Whose cards a saved card is shared with: the sharing group's name and its brands. */
export interface SharingInfo {
  organization: string | null;
  groupName: string | null;
  brands: string[];
}

export function sharingInfo(world: World, account: string): SharingInfo {
  const org = world.organizationOf(account);
  const group = world.sharingGroup(account);
  const brands = group.map((id) => {
    const a = world.accounts.get(id);
    return a?.branding.display_name ?? a?.name ?? id;
  });
  if (!org?.sharing_group || group.length < 2)
    return { organization: org?.name ?? null, groupName: null, brands };
  return { organization: org.name, groupName: org.sharing_group.name, brands };
}

/**
 * Whether a Stripe.js instance made with `publishableKey` (+ `stripeAccount`) may open a session
 * of `sessionAccount`, as real Checkout requires: the key's own account, or one of its connected
 * accounts named with `stripeAccount`. Returns an explanation when it may not.
 */
export function keyMismatch(
  world: World,
  publishableKey: string | null,
  stripeAccount: string | null,
  sessionAccount: string,
): string | null {
  if (!publishableKey) return null;
  const owner = world.keys.get(publishableKey);
  if (!owner || owner.kind !== "account" || !owner.publishable) {
    return `Invalid API Key provided: ${publishableKey.slice(0, 12)}… is not a publishable key of this emulator's world.`;
  }
  const keyAccount = owner.account.id;
  const acting = stripeAccount ?? keyAccount;
  if (acting !== keyAccount && world.platformOf(acting) !== keyAccount) {
    return `The publishable key of ${keyAccount} cannot act as ${acting}.`;
  }
  if (acting !== sessionAccount) {
    return `This Checkout Session belongs to ${sessionAccount}, but Stripe.js was initialised for ${acting}. Pass { stripeAccount: '${sessionAccount}' } to Stripe() (loadStripe) to open it.`;
  }
  return null;
}
