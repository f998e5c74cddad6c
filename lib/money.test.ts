import { describe, expect, it } from "vitest";
import { formatMoney } from "@/lib/money";

describe("formatMoney", () => {
  it("formats minor units in the currency's own precision", () => {
    expect(formatMoney(1850, "usd")).toBe("$18.50");
    expect(formatMoney(500, "jpy")).toBe("¥500");
    expect(formatMoney(1290, "eur", "de-DE")).toBe("12,90\u00a0€");
  });
});
