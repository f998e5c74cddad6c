import { describe, expect, it } from "vitest";
import { cardBrandName, cardExpiry, cardLabel } from "@/lib/cards";

describe("card labels", () => {
  it("names the network the way its owner does", () => {
    expect(cardLabel({ brand: "visa", last4: "4242" })).toBe("Visa •••• 4242");
    expect(cardLabel({ brand: "amex", last4: "0005" })).toBe("American Express •••• 0005");
  });

  it("falls back to a capitalised brand code for networks it does not know", () => {
    expect(cardLabel({ brand: "link", last4: "1111" })).toBe("Link •••• 1111");
  });

  it("spells a network one way whichever code Stripe sent, and names a card of no known network", () => {
    expect(cardBrandName("visa")).toBe("Visa");
    expect(cardBrandName("VISA")).toBe("Visa");
    expect(cardBrandName("american_express")).toBe("American Express");
    expect(cardBrandName(null)).toBe("Card");
    expect(cardLabel({ brand: null, last4: "4242" })).toBe("Card •••• 4242");
  });

  it("shows the expiry as MM/YYYY", () => {
    expect(cardExpiry({ expMonth: 3, expYear: 2031 })).toBe("03/2031");
  });
});
