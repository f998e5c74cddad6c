import type { CartLine } from "@/lib/checkout/cart-line";

const PREFIX = "rocket-submission:";

/**
 * One id per distinct cart, kept for the browser tab: reloading the checkout
 * (or a double submit) sends the same id, and the server answers with the same
 * Checkout Session instead of creating another.
 */
export function submissionId(brand: string, lines: CartLine[]): string {
  const signature = lines.map((line) => `${line.productId}x${line.quantity}`).join(",");
  const key = `${PREFIX}${brand}:${signature}`;
  let id = window.sessionStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID().replaceAll("-", "");
    window.sessionStorage.setItem(key, id);
  }
  return id;
}

/** After a purchase: the same cart bought again is a new purchase, with a new id. */
export function forgetSubmissions(brand: string): void {
  const prefix = `${PREFIX}${brand}:`;
  const keys = Array.from({ length: window.sessionStorage.length }, (_, i) => window.sessionStorage.key(i));
  for (const key of keys) if (key?.startsWith(prefix)) window.sessionStorage.removeItem(key);
}
