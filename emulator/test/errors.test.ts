import { describe, expect, it } from "vitest";
import { emulatorForFile, KEYS, rawRequest } from "./helpers.js";

const { emu } = await emulatorForFile({}, { resetBeforeEach: false });

interface Answer {
  status: number;
  contentType: string | undefined;
  requestId: string | undefined;
  text: string;
}

async function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { status, headers: answered, text } = await rawRequest(emu, method, path, headers, body);
  return {
    status,
    contentType: answered["content-type"],
    requestId: answered["request-id"] as string | undefined,
    text,
  };
}

const auth = { authorization: `Bearer ${KEYS.rides}` };

/** Stripe's error body, pretty-printed as every answer is, and nothing else. */
function expectStripeError(answer: Answer, status: number, error: Record<string, unknown>): void {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.text).toBe(`${JSON.stringify({ error }, null, 2)}\n`);
}

describe("every error is answered in Stripe's error shape", () => {
  it("a Stripe error raised by an API route", async () => {
    expectStripeError(await send("GET", "/v1/customers/cus_nope", auth), 404, {
      type: "invalid_request_error",
      message: "No such customer: 'cus_nope'",
      code: "resource_missing",
      doc_url: "https://stripe.com/docs/error-codes/resource-missing",
      param: "id",
    });
  });

  it("a failure injected by a fault rule, with the Request-Id every API answer carries", async () => {
    const rules = JSON.stringify({ rules: [{ method: "GET", path: "/v1/customers", status: 429, rate: 1 }] });
    expect(
      (await send("POST", "/_emulator/faults", { "content-type": "application/json" }, rules)).status,
    ).toBe(200);
    try {
      const answer = await send("GET", "/v1/customers", auth);
      expectStripeError(answer, 429, {
        type: "rate_limit_error",
        code: "rate_limit",
        message:
          "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
        doc_url: "https://stripe.com/docs/error-codes/rate-limit",
      });
      expect(answer.requestId).toMatch(/^req_/);
    } finally {
      await send("DELETE", "/_emulator/faults", { "content-type": "application/json" });
    }
  });

  it("a refusal by a control route and by the control API's guard", async () => {
    const bad = await send(
      "POST",
      "/_emulator/faults",
      { "content-type": "application/json" },
      '{"rules":"x"}',
    );
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.text) as { error: { type: string; message: string } };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(Object.keys(body.error)).toEqual(["type", "message"]);
    expect(body.error.type).toBe("invalid_request_error");
    expect(bad.text).toBe(`${JSON.stringify(body, null, 2)}\n`);

    expectStripeError(await send("POST", "/_emulator/reset"), 415, {
      type: "invalid_request_error",
      message:
        "POST /_emulator/reset takes JSON: send Content-Type: application/json (with or without a body).",
    });
  });

  it("an unreadable JSON body, refused before any route runs", async () => {
    expectStripeError(
      await send("POST", "/_emulator/faults", { "content-type": "application/json" }, "{"),
      400,
      { type: "invalid_request_error", message: "Invalid JSON body" },
    );
  });

  it("a body over the size limit", async () => {
    const huge = `description=${"x".repeat(4 * 1024 * 1024)}`;
    expectStripeError(
      await send(
        "POST",
        "/v1/customers",
        { ...auth, "content-type": "application/x-www-form-urlencoded" },
        huge,
      ),
      413,
      { type: "invalid_request_error", message: "Request body is too large" },
    );
  });

  it("a URL with a malformed percent-escape", async () => {
    expectStripeError(await send("GET", "/v1/customers/cus_%E0%A4%A", auth), 400, {
      type: "invalid_request_error",
      message: "Invalid request URL (GET: /v1/customers/cus_%E0%A4%A): it holds a malformed percent-escape.",
    });
  });

  it("a URL no route serves, under /v1 and under the control API", async () => {
    expectStripeError(await send("GET", "/v1/nothing_here", auth), 404, {
      type: "invalid_request_error",
      message:
        "Unrecognized request URL (GET: /v1/nothing_here). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
    });
    expectStripeError(
      await send("DELETE", "/_emulator/health", { "content-type": "application/json" }),
      404,
      {
        type: "invalid_request_error",
        message:
          "Unrecognized request URL (DELETE: /_emulator/health). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
      },
    );
  });

  it("an unexpected failure inside an API route or a control route: a 500 that tells nothing of it", async () => {
    const { get, findById } = emu.store;
    const fail = (): never => {
      throw new Error("disk on fire under /var/lib/secret");
    };
    emu.store.get = fail;
    emu.store.findById = fail;
    try {
      const unknown = { type: "api_error", message: "An unknown error occurred" };
      expectStripeError(await send("GET", "/v1/customers/cus_any", auth), 500, unknown);
      expectStripeError(
        await send("GET", "/_emulator/checkout/sessions/by-secret/cs_test_x_secret_y"),
        500,
        unknown,
      );
    } finally {
      emu.store.get = get;
      emu.store.findById = findById;
    }
  });
});
