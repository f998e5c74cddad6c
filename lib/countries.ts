import countryList from "country-list/data.json";

export interface Country {
  /** ISO 3166-1 alpha-2, as Stripe takes it. */
  code: string;
  name: string;
}

// The codes come from the ISO 3166-1 list the package keeps current; the names from Intl, which
// says "United States" where the standard says "United States of America (the)". Intl's names
// differ between runtimes (Node says "Hong Kong SAR China", Chromium "Hong Kong"), so the list is
// made on the server and handed to the forms that show it, never made again in the browser.
const displayNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** Every country a shared profile's address may name, by English name. */
export const COUNTRIES: readonly Country[] = countryList
  .map(({ code, name }) => ({ code, name: displayNames.of(code) ?? name }))
  .sort((a, b) => a.name.localeCompare(b.name, "en"));

const CODES = new Set(COUNTRIES.map((country) => country.code));

export function isCountryCode(code: string): boolean {
  return CODES.has(code);
}
