/**
 * A cart line as the browser keeps it: a product id and a quantity, never a
 * price. Free of zod so the storefront's bundle stays small; the server
 * validates requests with the schemas in `cart.ts`.
 */
export const MAX_CART_LINES = 20;
export const MAX_QUANTITY = 99;

export interface CartLine {
  productId: string;
  quantity: number;
}

/**
 * What is left of a stored cart after tampering or an older format: well-formed
 * lines only, quantities clamped to 1–99, at most 20 lines, one per product.
 */
export function parseStoredCart(stored: unknown): CartLine[] {
  if (!Array.isArray(stored)) return [];
  const lines: CartLine[] = [];
  const seen = new Set<string>();
  for (const item of stored as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { productId, quantity } = item as Record<string, unknown>;
    if (typeof productId !== "string" || productId.length === 0 || seen.has(productId)) continue;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) continue;
    seen.add(productId);
    lines.push({ productId, quantity: Math.min(quantity, MAX_QUANTITY) });
    if (lines.length === MAX_CART_LINES) break;
  }
  return lines;
}
