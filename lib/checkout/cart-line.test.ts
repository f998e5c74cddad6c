import { describe, expect, it } from "vitest";
import { MAX_CART_LINES, parseStoredCart } from "@/lib/checkout/cart-line";

describe("parseStoredCart", () => {
  it("keeps well-formed lines and clamps quantities to 99", () => {
    expect(
      parseStoredCart([
        { productId: "city-ride", quantity: 2 },
        { productId: "airport-transfer", quantity: 500 },
      ]),
    ).toEqual([
      { productId: "city-ride", quantity: 2 },
      { productId: "airport-transfer", quantity: 99 },
    ]);
  });

  it("drops tampered lines, duplicates and anything that is not a list", () => {
    expect(
      parseStoredCart([
        { productId: "city-ride", quantity: 1 },
        { productId: "city-ride", quantity: 3 },
        { productId: "", quantity: 1 },
        { productId: "pass", quantity: 1.5 },
        { productId: "pass", quantity: 0 },
        { productId: 7, quantity: 1 },
        null,
        "city-ride",
      ]),
    ).toEqual([{ productId: "city-ride", quantity: 1 }]);
    expect(parseStoredCart({ productId: "city-ride", quantity: 1 })).toEqual([]);
    expect(parseStoredCart(null)).toEqual([]);
  });

  it("keeps at most 20 lines", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ productId: `p${i}`, quantity: 1 }));
    expect(parseStoredCart(many)).toHaveLength(MAX_CART_LINES);
  });
});
