/**
 * The app's one spelling of card networks, as their owners write them. Keys are Stripe's
 * `card.brand` and `card.display_brand` codes (which differ for some networks).
 */
const CARD_BRANDS: Record<string, string> = {
  amex: "American Express",
  american_express: "American Express",
  cartes_bancaires: "Cartes Bancaires",
  diners: "Diners Club",
  discover: "Discover",
  eftpos_au: "eftpos",
  jcb: "JCB",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};

/** A network's name: "Visa", "American Express"; an unknown code capitalised, a missing one "Card". */
export function cardBrandName(brand: string | null | undefined): string {
  const code = (brand ?? "").trim();
  if (!code) return "Card";
  return CARD_BRANDS[code.toLowerCase()] ?? code.charAt(0).toUpperCase() + code.slice(1);
}

/** How a card is named to people: "Visa •••• 4242", "American Express •••• 0005". */
export function cardLabel(card: { brand: string | null | undefined; last4: string }): string {
  return `${cardBrandName(card.brand)} •••• ${card.last4}`;
}

export function cardExpiry(card: { expMonth: number; expYear: number }): string {
  return `${String(card.expMonth).padStart(2, "0")}/${card.expYear}`;
}
