import qs from "qs";

/**
 * Stripe clients send Rack-style bracketed forms: stripe-node indexes arrays (`expand[0]`),
 * curl and Stripe.js use `expand[]`. qs reads both; the limits are raised because Checkout
 * line items and metadata routinely exceed qs's defaults (20 array items, depth 5).
 */
const OPTIONS: qs.IParseOptions = {
  arrayLimit: 1000,
  depth: 12,
  parameterLimit: 10_000,
  allowDots: false,
  allowPrototypes: false,
  plainObjects: true,
};

export function parseForm(body: string): Record<string, unknown> {
  if (body === "") return {};
  return qs.parse(body, OPTIONS) as Record<string, unknown>;
}

export function parseQuery(url: string): Record<string, unknown> {
  const q = url.indexOf("?");
  return q === -1 ? {} : parseForm(url.slice(q + 1));
}
