import { describe, expect, it } from "vitest";
import { addedMessage, itemCount, quantityChange } from "@/lib/checkout/quantity-input";

describe("quantityChange", () => {
  it("keeps a quantity from 1 to 99 as typed, quietly", () => {
    expect(quantityChange("3", "City ride")).toEqual({ quantity: 3, message: null });
    expect(quantityChange(" 99 ", "City ride")).toEqual({ quantity: 99, message: null });
  });

  it("lowers a quantity above 99 to 99 and says so", () => {
    expect(quantityChange("150", "City ride")).toEqual({
      quantity: 99,
      message: "You can buy at most 99 of City ride at once: the quantity is now 99.",
    });
  });

  it("refuses zero or less, pointing to Remove, and leaves the line as it was", () => {
    for (const typed of ["0", "-2"]) {
      expect(quantityChange(typed, "City ride")).toEqual({
        quantity: null,
        message: "The quantity must be at least 1: use Remove to take City ride out of the cart.",
      });
    }
  });

  it("refuses what is not a whole number, and waits while the field is empty", () => {
    expect(quantityChange("1.5", "City ride")).toEqual({
      quantity: null,
      message: "Enter a whole number from 1 to 99.",
    });
    expect(quantityChange("1e3", "City ride").quantity).toBeNull();
    expect(quantityChange("", "City ride")).toEqual({ quantity: null, message: null });
  });
});

describe("addedMessage", () => {
  it("names the product and the cart's size, or says the line is full", () => {
    expect(addedMessage("City ride", 0, 1)).toBe("City ride added to your cart (1 item).");
    expect(addedMessage("City ride", 1, 3)).toBe("City ride added to your cart (3 items).");
    expect(addedMessage("City ride", 99, 99)).toBe(
      "You can buy at most 99 of City ride at once: your cart already has 99.",
    );
    expect(itemCount(2)).toBe("2 items");
  });
});
