import { MAX_QUANTITY } from "@/lib/checkout/cart-line";

/** What a typed quantity does to a cart line: the quantity to keep (null: leave it) and what to say. */
export interface QuantityChange {
  quantity: number | null;
  message: string | null;
}

/**
 * Reads what a shopper typed into a quantity field. Nothing changes silently: a quantity above
 * the most one cart line may hold is lowered to it and the shopper is told; zero or less is
 * refused with a pointer to Remove; anything that is not a whole number is refused. An empty
 * field is someone still typing.
 */
export function quantityChange(typed: string, productName: string): QuantityChange {
  const text = typed.trim();
  if (text === "") return { quantity: null, message: null };
  if (!/^-?\d+$/.test(text)) {
    return { quantity: null, message: `Enter a whole number from 1 to ${MAX_QUANTITY}.` };
  }
  const value = Number(text);
  if (value < 1) {
    return {
      quantity: null,
      message: `The quantity must be at least 1: use Remove to take ${productName} out of the cart.`,
    };
  }
  if (value > MAX_QUANTITY) {
    return {
      quantity: MAX_QUANTITY,
      message: `You can buy at most ${MAX_QUANTITY} of ${productName} at once: the quantity is now ${MAX_QUANTITY}.`,
    };
  }
  return { quantity: value, message: null };
}

/** What "Add to cart" says: the product added and the cart's new size, or that the line is full. */
export function addedMessage(productName: string, quantityBefore: number, cartCount: number): string {
  if (quantityBefore >= MAX_QUANTITY) {
    return `You can buy at most ${MAX_QUANTITY} of ${productName} at once: your cart already has ${MAX_QUANTITY}.`;
  }
  return `${productName} added to your cart (${itemCount(cartCount)}).`;
}

/** "1 item", "3 items". */
export function itemCount(count: number): string {
  return `${count} item${count === 1 ? "" : "s"}`;
}
