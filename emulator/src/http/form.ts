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

/** `name=value` pairs of plain parameter names, nothing bracketed (raw or percent-encoded). */
const FLAT_FORM = /^[A-Za-z][A-Za-z0-9_]*=[^&[\]]*(?:&[A-Za-z][A-Za-z0-9_]*=[^&[\]]*)*$/;
const ENCODED_BRACKET = /%5[BbDd]/;

/** What qs makes of a value: `+` is a space, escapes are decoded, a malformed escape is kept as sent. */
function decodeValue(raw: string): string {
  const spaced = raw.includes("+") ? raw.replace(/\+/g, " ") : raw;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * The common flat form (`email=…&name=…`, what the SDK sends for simple creates) without qs's
 * general machinery, which was a visible share of a create's parsing. Anything else — brackets,
 * a repeated name — goes to qs; the result is the same either way (tested against qs).
 */
function parseFlatForm(body: string): Record<string, unknown> | null {
  if (!FLAT_FORM.test(body) || ENCODED_BRACKET.test(body)) return null;
  const out = Object.create(null) as Record<string, unknown>;
  for (const part of body.split("&")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq);
    if (name in out) return null;
    out[name] = decodeValue(part.slice(eq + 1));
  }
  return out;
}

export function parseForm(body: string): Record<string, unknown> {
  if (body === "") return {};
  return parseFlatForm(body) ?? (qs.parse(body, OPTIONS) as Record<string, unknown>);
}

export function parseQuery(url: string): Record<string, unknown> {
  const q = url.indexOf("?");
  return q === -1 ? {} : parseForm(url.slice(q + 1));
}
