import { createHash } from "node:crypto";
import type { Ctx } from "./context.js";
import { StripeError, docUrl } from "./errors.js";

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

/** What a test card does (docs.stripe.com/testing; reference §B7). */
export interface Behaviour {
  /** Attaching (saving) fails with this decline. */
  attach: Decline | null;
  /** Charging fails with this decline (after authentication, if any). */
  charge: Decline | null;
  /** `required`: every on-session payment needs 3DS; `on_setup`: not needed off-session once set up. */
  threeDS: "none" | "required" | "on_setup";
}

const GENERIC: Decline = {
  code: "card_declined",
  decline_code: "generic_decline",
  message: "Your card was declined.",
};
const FUNDS: Decline = {
  code: "card_declined",
  decline_code: "insufficient_funds",
  message: "Your card has insufficient funds.",
};
const LOST: Decline = {
  code: "card_declined",
  decline_code: "lost_card",
  message: "Your card was declined.",
};
const STOLEN: Decline = {
  code: "card_declined",
  decline_code: "stolen_card",
  message: "Your card was declined.",
};
const VELOCITY: Decline = {
  code: "card_declined",
  decline_code: "card_velocity_exceeded",
  message: "Your card was declined.",
};
const EXPIRED: Decline = {
  code: "expired_card",
  decline_code: "expired_card",
  message: "Your card has expired.",
};
const CVC: Decline = {
  code: "incorrect_cvc",
  decline_code: "incorrect_cvc",
  message: "Your card's security code is incorrect.",
};
const PROCESSING: Decline = {
  code: "processing_error",
  decline_code: "processing_error",
  message: "An error occurred while processing your card. Try again in a little bit.",
};

const BEHAVIOURS: Record<string, Behaviour> = {
  "4000000000000002": { attach: GENERIC, charge: GENERIC, threeDS: "none" },
  "4000000000009995": { attach: FUNDS, charge: FUNDS, threeDS: "none" },
  "4000000000009987": { attach: LOST, charge: LOST, threeDS: "none" },
  "4000000000009979": { attach: STOLEN, charge: STOLEN, threeDS: "none" },
  "4000000000006975": { attach: VELOCITY, charge: VELOCITY, threeDS: "none" },
  "4000000000000069": { attach: EXPIRED, charge: EXPIRED, threeDS: "none" },
  "4000000000000127": { attach: CVC, charge: CVC, threeDS: "none" },
  "4000000000000119": { attach: PROCESSING, charge: PROCESSING, threeDS: "none" },
  "4000000000000341": { attach: null, charge: GENERIC, threeDS: "none" },
  "4000002500003155": { attach: null, charge: null, threeDS: "on_setup" },
  "4000002760003184": { attach: null, charge: null, threeDS: "required" },
  "4000000000003220": { attach: null, charge: null, threeDS: "required" },
  "4000008400001629": { attach: null, charge: GENERIC, threeDS: "required" },
};

const OK: Behaviour = { attach: null, charge: null, threeDS: "none" };

export function behaviourOf(number: string): Behaviour {
  return BEHAVIOURS[number] ?? OK;
}

const NAMED: Record<string, string> = {
  visa: "4242424242424242",
  visa_debit: "4000056655665556",
  mastercard: "5555555555554444",
  mastercard_debit: "5200828282828210",
  amex: "378282246310005",
  discover: "6011111111111117",
  visa_chargeDeclined: "4000000000000002",
  chargeDeclined: "4000000000000002",
  visa_chargeDeclinedInsufficientFunds: "4000000000009995",
  chargeDeclinedInsufficientFunds: "4000000000009995",
  visa_chargeDeclinedLostCard: "4000000000009987",
  chargeDeclinedLostCard: "4000000000009987",
  visa_chargeDeclinedStolenCard: "4000000000009979",
  chargeDeclinedStolenCard: "4000000000009979",
  visa_chargeDeclinedVelocityLimitExceeded: "4000000000006975",
  chargeDeclinedVelocityLimitExceeded: "4000000000006975",
  chargeDeclinedExpiredCard: "4000000000000069",
  chargeDeclinedIncorrectCvc: "4000000000000127",
  chargeDeclinedProcessingError: "4000000000000119",
  chargeCustomerFail: "4000000000000341",
  authenticationRequiredOnSetup: "4000002500003155",
  authenticationRequired: "4000002760003184",
  threeDSecure2Required: "4000000000003220",
  threeDSecureRequired: "4000000000003220",
  threeDSecureRequiredChargeDeclined: "4000008400001629",
};

/** `pm_card_visa` → its card number; undefined when the id is not a test PaymentMethod. */
export function testPaymentMethodNumber(id: string): string | undefined {
  return id.startsWith("pm_card_") ? NAMED[id.slice("pm_card_".length)] : undefined;
}

/** `tok_visa` → its card number; these magic tokens may be used any number of times. */
export function testTokenNumber(id: string): string | undefined {
  return id.startsWith("tok_") ? NAMED[id.slice("tok_".length)] : undefined;
}

/** Stripe's test-mode answer to a card number sent with a secret key (stripe-cli#1121 quotes the body). */
export const RAW_CARD_DATA_MESSAGE =
  "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable raw card data APIs in test mode, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.";

/**
 * Refuses a raw card number unless the request may send one: publishable keys may (that is how
 * Stripe.js and the mobile SDKs tokenize cards), secret keys only when the key's account has raw
 * card data access in the world. An organization key acts for the account in `Stripe-Context`.
 */
export function assertRawCardDataAccess(ctx: Ctx): void {
  if (ctx.publishable) return;
  if (ctx.world.hasRawCardDataAccess(ctx.keyAccount ?? ctx.account)) return;
  throw new StripeError(402, { type: "invalid_request_error", message: RAW_CARD_DATA_MESSAGE });
}

export interface CardDetails {
  number: string;
  brand: string;
  last4: string;
  funding: string;
  country: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): string {
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^(6011|65|64[4-9])/.test(number)) return "discover";
  if (/^35/.test(number)) return "jcb";
  if (/^3[068]/.test(number)) return "diners";
  return "unknown";
}

/**
 * How shoppers see a card brand (`card.brand` → "Visa", "Mastercard", "American Express"): the one
 * spelling of the checkout page and of its script, which is handed this table.
 */
export const CARD_BRAND_LABELS: Readonly<Record<string, string>> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
  cartes_bancaires: "Cartes Bancaires",
};

export function cardBrandLabel(brand: string): string {
  return CARD_BRAND_LABELS[brand] ?? (brand ? brand[0]?.toUpperCase() + brand.slice(1) : "Card");
}

/**
 * The legacy Card object's `brand` value: an API field, not a label (Stripe spells it "MasterCard"
 * there, and "American Express", "Diners Club", …).
 */
export function legacyBrand(brand: string): string {
  const names: Record<string, string> = {
    visa: "Visa",
    mastercard: "MasterCard",
    amex: "American Express",
    discover: "Discover",
    jcb: "JCB",
    diners: "Diners Club",
  };
  return names[brand] ?? "Unknown";
}

/** The `card_error` body of a decline; callers add the intent, charge or param it concerns. */
export function declineBody(decline: Decline): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: "card_error",
    code: decline.code,
    doc_url: docUrl(decline.code),
    message: decline.message,
  };
  if (decline.decline_code) body["decline_code"] = decline.decline_code;
  return body;
}

export function cardError(decline: Decline, param?: string): StripeError {
  const body = declineBody(decline);
  if (param) body["param"] = param;
  return new StripeError(402, { type: "card_error", message: decline.message, ...body });
}

/** Validates raw card input like Stripe does (number, expiry) and derives the card's details. */
export function cardDetails(
  input: { number: string; exp_month: number; exp_year: number },
  paramPrefix = "card",
): CardDetails {
  for (const k of ["exp_month", "exp_year"] as const) {
    if (!Number.isInteger(input[k])) {
      throw new StripeError(400, {
        type: "invalid_request_error",
        code: "parameter_missing",
        param: `${paramPrefix}[${k}]`,
        message: `Missing required param: ${paramPrefix}[${k}].`,
        doc_url: docUrl("parameter_missing"),
      });
    }
  }
  const number = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    throw cardError(
      { code: "incorrect_number", message: "Your card number is incorrect." },
      `${paramPrefix}[number]`,
    );
  }
  if (input.exp_month < 1 || input.exp_month > 12) {
    throw cardError(
      { code: "invalid_expiry_month", message: "Your card's expiration month is invalid." },
      `${paramPrefix}[exp_month]`,
    );
  }
  const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year;
  const now = new Date();
  const expired =
    year < now.getUTCFullYear() || (year === now.getUTCFullYear() && input.exp_month < now.getUTCMonth() + 1);
  if (expired) {
    throw cardError(
      { code: "invalid_expiry_year", message: "Your card's expiration year is invalid." },
      `${paramPrefix}[exp_year]`,
    );
  }
  const brand = brandOf(number);
  return {
    number,
    brand,
    last4: number.slice(-4),
    funding: number === "4000056655665556" || number === "5200828282828210" ? "debit" : "credit",
    country: "US",
    exp_month: input.exp_month,
    exp_year: year,
    fingerprint: createHash("sha256").update(number).digest("base64url").slice(0, 16),
  };
}

/** A test card number with a default future expiry (for `pm_card_*` and `tok_*`). */
export function testCard(number: string): CardDetails {
  return cardDetails({ number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 });
}
