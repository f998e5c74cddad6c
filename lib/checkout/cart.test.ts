import { describe, expect, it } from "vitest";
import { findBrand } from "@/lib/brands";
import { createSessionBodySchema, priceCart, UnknownProductError } from "@/lib/checkout/cart";

const rides = findBrand("rides")!;
const body = (lines: unknown) => ({ brand: "rides", lines, submissionId: "abcdef123456" });

describe("createSessionBodySchema", () => {
  it("accepts a normal cart", () => {
    expect(createSessionBodySchema.safeParse(body([{ productId: "city-ride", quantity: 3 }])).success).toBe(
      true,
    );
  });

  it.each([
    [[], "Your cart is empty."],
    [[{ productId: "city-ride", quantity: 0 }], "Quantity must be at least 1."],
    [[{ productId: "city-ride", quantity: 100 }], "Quantity can be at most 99."],
    [[{ productId: "city-ride", quantity: 1.5 }], "Quantity must be a whole number from 1 to 99."],
    [
      [
        { productId: "city-ride", quantity: 1 },
        { productId: "city-ride", quantity: 2 },
      ],
      "Each product may appear only once in the cart.",
    ],
    [
      Array.from({ length: 21 }, (_, index) => ({ productId: `p${index}`, quantity: 1 })),
      "A cart can hold at most 20 different products.",
    ],
  ])("rejects %j with a sentence", (lines, message) => {
    const result = createSessionBodySchema.safeParse(body(lines));
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("ignores any price the browser sends", () => {
    const parsed = createSessionBodySchema.parse(
      body([{ productId: "city-ride", quantity: 1, unitAmount: 1 }]),
    );
    expect(priceCart(rides, parsed.lines).amountTotal).toBe(1850);
  });
});

describe("priceCart", () => {
  it("prices every line from the catalog", () => {
    const priced = priceCart(rides, [
      { productId: "city-ride", quantity: 2 },
      { productId: "ride-pass", quantity: 1 },
    ]);
    expect(priced.amountTotal).toBe(2 * 1850 + 7500);
    expect(priced.lines.map((line) => line.name)).toEqual(["City ride", "Weekly ride pass"]);
  });

  it("names every unknown product", () => {
    const attempt = () =>
      priceCart(rides, [
        { productId: "grocery-run", quantity: 1 },
        { productId: "nope", quantity: 1 },
      ]);
    expect(attempt).toThrow(UnknownProductError);
    expect(attempt).toThrow("Not in the catalog: grocery-run, nope");
  });
});
