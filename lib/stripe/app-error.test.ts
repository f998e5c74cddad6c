import Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { stripeFailure } from "@/lib/stripe/app-error";

const requestId = "req_4xxOurFault0001";

afterEach(() => {
  vi.restoreAllMocks();
});

async function answer(error: AppError) {
  const response = error.toResponse();
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    body: (await response.json()) as { error: { code: string; message: string; reference?: string } },
  };
}

describe("what a shopper sees when a Stripe call fails", () => {
  it("asks them to try again in a moment when Stripe cannot be reached", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const offline = new Stripe.errors.StripeConnectionError({
      message: "connect ECONNREFUSED 127.0.0.1:443",
    });
    const shown = await answer(stripeFailure(offline, "create checkout session"));
    expect(shown.status).toBe(503);
    expect(shown.retryAfter).toBe("2");
    expect(shown.body.error.message).toMatch(/try again/i);
    expect(JSON.stringify(shown.body)).not.toContain("ECONNREFUSED");
  });

  it("asks them to try again when Stripe is busy (429) or failing (5xx)", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const busy = Stripe.errors.StripeError.generate({
      type: "invalid_request_error",
      statusCode: 429,
      message: "Too many requests",
      requestId,
    });
    const failing = Stripe.errors.StripeError.generate({
      type: "api_error",
      statusCode: 500,
      message: "Something went wrong on Stripe's end.",
      requestId,
    });
    for (const error of [busy, failing]) {
      const shown = await answer(stripeFailure(error, "create checkout session"));
      expect(shown.status).toBe(503);
      expect(shown.retryAfter).toBe("2");
    }
  });

  it("answers a request Stripe refused (our bug) with a generic 500 and a reference the shopper can quote", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const refused = Stripe.errors.StripeError.generate({
      type: "invalid_request_error",
      statusCode: 400,
      code: "parameter_unknown",
      param: "line_items[0][price_data][bogus]",
      message: "Received unknown parameter: line_items[0][price_data][bogus]",
      requestId,
    });
    const shown = await answer(stripeFailure(refused, "create checkout session"));

    expect(shown.status).toBe(500);
    expect(shown.retryAfter).toBeNull();
    expect(shown.body.error.code).toBe("internal");
    expect(shown.body.error.message).not.toMatch(/reach our payment provider/i);
    expect(JSON.stringify(shown.body)).not.toContain("bogus");
    expect(JSON.stringify(shown.body)).not.toContain(requestId);
    const reference = shown.body.error.reference ?? "";
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(shown.body.error.message).toContain(reference);

    // The log ties the shopper's reference to Stripe's request id.
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[0]).toMatchObject({
      reference,
      stripeRequestId: requestId,
      action: "create checkout session",
      code: "parameter_unknown",
      statusCode: 400,
    });
  });

  it("gives every refused request its own reference", async () => {
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const refused = () =>
      Stripe.errors.StripeError.generate({
        type: "invalid_request_error",
        statusCode: 401,
        message: "Invalid API Key provided: sk_test_****",
      });
    const references = new Set(
      await Promise.all(
        Array.from(
          { length: 20 },
          async () => (await answer(stripeFailure(refused(), "x"))).body.error.reference,
        ),
      ),
    );
    expect(references.size).toBe(20);
  });

  it("keeps a card decline's own message for the shopper", async () => {
    vi.spyOn(logger, "info").mockImplementation(() => undefined);
    const declined = Stripe.errors.StripeError.generate({
      type: "card_error",
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
      requestId,
    });
    const shown = await answer(stripeFailure(declined, "refund payment"));
    expect(shown.status).toBe(402);
    expect(shown.body.error.message).toBe("Your card was declined.");
  });

  it("passes our own errors through unchanged", () => {
    const ours = new AppError("not_found", "We couldn't find that checkout.");
    expect(stripeFailure(ours, "read checkout status")).toBe(ours);
  });
});
