/** A Stripe-shaped error. Thrown inside a request it rolls the request's transaction back. */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

export interface ErrorBody {
  type: "invalid_request_error" | "card_error" | "idempotency_error" | "api_error" | "rate_limit_error";
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;
}

export function invalid(
  message: string,
  opts: { param?: string; code?: string; status?: number } = {},
): StripeError {
  const body: ErrorBody = { type: "invalid_request_error", message };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = docUrl(opts.code);
  }
  if (opts.param) body.param = opts.param;
  return new StripeError(opts.status ?? 400, body);
}

export function missingParam(param: string): StripeError {
  return invalid(`Missing required param: ${param}.`, { param, code: "parameter_missing" });
}

export function unknownParam(param: string): StripeError {
  return invalid(`Received unknown parameter: ${param}`, { param, code: "parameter_unknown" });
}

const NAMES: Record<string, string> = {
  customer: "customer",
  payment_method: "PaymentMethod",
  payment_intent: "payment_intent",
  // Stripe spells it in one word: "No such setupintent: 'seti_…'".
  setup_intent: "setupintent",
  charge: "charge",
  refund: "refund",
  token: "token",
  card: "source",
  source: "source",
  "checkout.session": "checkout.session",
  event: "event",
  webhook_endpoint: "webhook endpoint",
  // Spelled like "setupintent"; Stripe's wording for this object is unconfirmed.
  confirmation_token: "confirmationtoken",
};

/** Stripe's 404: "No such customer: 'cus_x'". `param` is the parameter that carried the id. */
export function noSuch(kind: string, id: string, param = "id"): StripeError {
  const status = param === "id" ? 404 : 400;
  return invalid(`No such ${NAMES[kind] ?? kind}: '${id}'`, { param, code: "resource_missing", status });
}

export function apiError(message = "An unknown error occurred"): StripeError {
  return new StripeError(500, { type: "api_error", message });
}

export function rateLimited(): StripeError {
  return new StripeError(429, {
    type: "rate_limit_error",
    code: "rate_limit",
    message:
      "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
    doc_url: docUrl("rate_limit"),
  });
}
