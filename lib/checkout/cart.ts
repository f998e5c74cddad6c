import { z } from "zod";
import type { Brand } from "@/lib/brands";

import { MAX_CART_LINES, MAX_QUANTITY, type CartLine } from "@/lib/checkout/cart-line";

export { MAX_CART_LINES, MAX_QUANTITY, type CartLine };

export const cartLineSchema = z.object({
  productId: z.string({ error: "Each line needs a productId." }).min(1).max(64),
  quantity: z
    .number({ error: "Quantity must be a whole number from 1 to 99." })
    .int("Quantity must be a whole number from 1 to 99.")
    .min(1, "Quantity must be at least 1.")
    .max(MAX_QUANTITY, `Quantity can be at most ${MAX_QUANTITY}.`),
});

/** The body of POST /api/checkout/sessions. Prices never come from the browser. */
export const createSessionBodySchema = z.object({
  brand: z.string({ error: "Say which brand you are buying from." }).min(1).max(64),
  lines: z
    .array(cartLineSchema, { error: "Send the cart as a list of lines." })
    .min(1, "Your cart is empty.")
    .max(MAX_CART_LINES, `A cart can hold at most ${MAX_CART_LINES} different products.`)
    .refine(
      (lines) => new Set(lines.map((line) => line.productId)).size === lines.length,
      "Each product may appear only once in the cart.",
    ),
  /** One id per cart submission (made by the browser): a resubmission reuses the session. */
  submissionId: z
    .string({ error: "A submissionId is required." })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "submissionId must be 8–64 letters, digits, _ or -."),
});
export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;

export interface PricedLine {
  productId: string;
  name: string;
  description: string;
  quantity: number;
  unitAmount: number;
}

export class UnknownProductError extends Error {
  override name = "UnknownProductError";
  constructor(readonly productIds: string[]) {
    super(`Not in the catalog: ${productIds.join(", ")}`);
  }
}

/** Prices a cart from the brand's catalog; unknown product ids are refused, not skipped. */
export function priceCart(brand: Brand, lines: CartLine[]): { lines: PricedLine[]; amountTotal: number } {
  const catalog = new Map(brand.catalog.map((product) => [product.id, product]));
  const unknown = lines.filter((line) => !catalog.has(line.productId)).map((line) => line.productId);
  if (unknown.length > 0) throw new UnknownProductError(unknown);
  const priced = lines.flatMap((line) => {
    const product = catalog.get(line.productId);
    if (!product) return [];
    return {
      productId: product.id,
      name: product.name,
      description: product.description,
      quantity: line.quantity,
      unitAmount: product.unitAmount,
    };
  });
  return {
    lines: priced,
    amountTotal: priced.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0),
  };
}
