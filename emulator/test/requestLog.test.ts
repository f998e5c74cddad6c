import { describe, expect, it } from "vitest";
import { ACCOUNTS, client, emulatorForFile, json, KEYS, rawPost } from "./helpers.js";

/** The request log tells a server's calls from a browser's by the kind of key, never the key. */

const { emu, rides, org } = await emulatorForFile({}, { resetBeforeEach: false });

interface Summary {
  url: string;
  account: string | null;
  key_kind: string | null;
  status: number;
}

async function logged(q: string): Promise<Summary[]> {
  const { body } = await json(emu, "GET", `/_emulator/requests?q=${encodeURIComponent(q)}`);
  return body["data"] as Summary[];
}

describe("the request log's key kind", () => {
  it("is secret, organization or publishable (Stripe.js's key in the body), and never the key", async () => {
    const secret = await rides.customers.create({ email: "kind-secret@example.com" });
    const organization = await org.customers.create(
      { email: "kind-org@example.com" },
      { stripeContext: ACCOUNTS.deliveries },
    );
    const browser = await rawPost(emu, "/v1/confirmation_tokens", {
      key: KEYS.ridesPk,
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": "4242424242424242",
      "payment_method_data[card][exp_month]": "12",
      "payment_method_data[card][exp_year]": "2034",
      "payment_method_data[card][cvc]": "123",
      return_url: "https://shop.example.com/return",
    });
    expect(browser.status).toBe(200);

    expect(await logged(secret.id)).toEqual([
      expect.objectContaining({ account: ACCOUNTS.rides, key_kind: "secret", status: 200 }),
    ]);
    expect(await logged(organization.id)).toEqual([
      expect.objectContaining({ account: ACCOUNTS.deliveries, key_kind: "organization" }),
    ]);
    expect(await logged(String(browser.body["id"]))).toEqual([
      expect.objectContaining({ account: ACCOUNTS.rides, key_kind: "publishable" }),
    ]);
    const summaries = JSON.stringify((await json(emu, "GET", "/_emulator/requests")).body);
    for (const key of [KEYS.rides, KEYS.org]) expect(summaries).not.toContain(key);
  });

  it("is null for a key this world does not know", async () => {
    await expect(
      client(emu, "sk_test_unknown_0001").customers.create({ description: "kind-unknown" }),
    ).rejects.toThrow();
    expect(await logged("kind-unknown")).toEqual([
      expect.objectContaining({ account: null, key_kind: null, status: 401 }),
    ]);
  });

  it("finds the request that created an object by the id in its response", async () => {
    const created = await rides.customers.create({ email: "kind-find@example.com" });
    const [first] = await logged(created.id);
    expect(first?.url).toBe("/v1/customers");
  });
});
