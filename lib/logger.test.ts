import { Writable } from "node:stream";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger";

const JENNY = {
  name: "Jenny Rosen",
  email: "jenny.rosen@example.com",
  phone: "+1 415 555 0100",
  address: { line1: "510 Townsend St", city: "San Francisco", postal_code: "94103", country: "US" },
};

/** Logs one line through the app's logger configuration and returns it as written. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  let output = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString("utf8");
      done();
    },
  });
  write(createLogger(sink));
  return output;
}

function expectNoPersonalData(line: string): void {
  for (const value of [JENNY.name, JENNY.email, JENNY.phone, JENNY.address.line1, "94103", "San Francisco"])
    expect(line).not.toContain(value);
}

describe("logger", () => {
  it("redacts names, emails, phones, addresses and payloads, and keeps ids", () => {
    const line = logged((logger) =>
      logger.warn(
        {
          eventId: "evt_123",
          customer: { id: "cus_123", ...JENNY },
          ...JENNY,
          profile: { ...JENNY, shipping: { name: JENNY.name, address: JENNY.address } },
          payload: JSON.stringify({ data: { object: { id: "cus_123", ...JENNY } } }),
          billing_details: JENNY,
        },
        "customer profile unavailable",
      ),
    );
    expectNoPersonalData(line);
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry["eventId"]).toBe("evt_123");
    expect(entry["customer"]).toMatchObject({ id: "cus_123" });
    expect(entry["msg"]).toBe("customer profile unavailable");
  });

  it("redacts what a Stripe error carries about the shopper, its message included", () => {
    const error = Stripe.errors.StripeError.generate({
      type: "invalid_request_error",
      code: "email_invalid",
      message: `Invalid email address: ${JENNY.email}`,
      param: "email",
      payment_method: { id: "pm_123", billing_details: JENNY },
    } as unknown as Stripe.StripeRawError);
    const line = logged((logger) =>
      logger.error({ err: error, action: "update customer profile" }, "stripe failed"),
    );
    expectNoPersonalData(line);
    const entry = JSON.parse(line) as { err: Record<string, unknown> };
    expect(entry.err["code"]).toBe("email_invalid");
    expect(entry.err["type"]).toMatch(/^Stripe/);
    expect(entry.err["message"]).toContain("Invalid email address");
  });

  it("leaves the logged objects themselves untouched", () => {
    const customer = { id: "cus_123", billing_details: { ...JENNY }, profile: { ...JENNY } };
    const before = JSON.stringify(customer);
    logged((logger) => logger.info({ customer, password: "hunter2-hunter2" }, "customer"));
    expect(JSON.stringify(customer)).toBe(before);
    const line = logged((logger) => logger.info({ user: { password: "hunter2-hunter2" } }, "sign-in"));
    expect(line).not.toContain("hunter2");
  });
});
