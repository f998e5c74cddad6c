import { describe, expect, it } from "vitest";
import { COUNTRIES, isCountryCode } from "@/lib/countries";

describe("the country list", () => {
  it("names every ISO 3166-1 alpha-2 code in plain English, sorted by name", () => {
    expect(COUNTRIES.length).toBeGreaterThan(240);
    expect(COUNTRIES.find((country) => country.code === "US")?.name).toBe("United States");
    expect(COUNTRIES.find((country) => country.code === "DE")?.name).toBe("Germany");
    expect(COUNTRIES.every((country) => /^[A-Z]{2}$/.test(country.code))).toBe(true);
    const names = COUNTRIES.map((country) => country.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("knows a code from a name or a made-up code", () => {
    expect(isCountryCode("FR")).toBe(true);
    expect(isCountryCode("USA")).toBe(false);
    expect(isCountryCode("XX")).toBe(false);
  });
});
