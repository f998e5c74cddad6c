import { z } from "zod";

/** The body of PUT /api/account/wallet/brands/:brand; shared by the browser and the server. */
export const brandChoiceInputSchema = z.object({
  offerSavedCards: z.boolean({ error: "Say whether this brand may offer your saved cards (true or false)." }),
});
export type BrandChoiceInput = z.infer<typeof brandChoiceInputSchema>;

/** A brand and whether the shopper lets its checkout offer their saved cards. */
export interface BrandChoice {
  slug: string;
  name: string;
  offerSavedCards: boolean;
}
