import { describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env";
import {
  DashboardLinks,
  requestListSchema,
  stripeCalls,
  type RequestSummary,
} from "@/lib/under-the-hood/report";

describe("the under-the-hood switch", () => {
  it.each([
    ["http://127.0.0.1:12111", true],
    ["http://localhost:12111", true],
    ["http://[::1]:12111", true],
    ["https://api.stripe.com", false],
    ["http://10.0.0.5:12111", false],
    ["http://127.0.0.1.example.com", false],
  ])("STRIPE_API_BASE=%s: panel %s", (base, shown) => {
    expect(parseServerEnv({ STRIPE_API_BASE: base }).underTheHood).toBe(shown);
  });
});

const links = new DashboardLinks("http://127.0.0.1:12111/");
const names: Record<string, string> = { acct_rides: "Rocket Rides", acct_deliveries: "Rocket Deliveries" };
const accountRef = (id: string) => ({ id, label: names[id] ?? id });

function entry(n: number, extra: Partial<RequestSummary> = {}): RequestSummary {
  return {
    n,
    at: Date.UTC(2026, 0, 2, 3, 4, 5),
    method: "POST",
    url: "/v1/checkout/sessions",
    account: "acct_deliveries",
    key_kind: "secret",
    idempotency_key: "checkout-abc",
    replayed: false,
    status: 200,
    duration_ms: 4.2,
    request_id: "req_1",
    ...extra,
  };
}

describe("Stripe calls from the emulator's request log", () => {
  it("lists a call once, newest first, with its account, idempotency key and dashboard link", () => {
    const bySession = [entry(7, { method: "GET", url: "/v1/checkout/sessions/cs_1" }), entry(5)];
    const byCustomer = [entry(5), entry(2, { url: "/v1/customers", account: "acct_rides" })];
    const calls = stripeCalls([bySession, byCustomer], links, accountRef, 50);
    expect(calls.map((c) => [c.n, c.method, c.path, c.account?.label])).toEqual([
      [7, "GET", "/v1/checkout/sessions/cs_1", "Rocket Deliveries"],
      [5, "POST", "/v1/checkout/sessions", "Rocket Deliveries"],
      [2, "POST", "/v1/customers", "Rocket Rides"],
    ]);
    expect(calls[1]).toMatchObject({
      at: "2026-01-02T03:04:05.000Z",
      idempotencyKey: "checkout-abc",
      replayed: false,
      status: 200,
      durationMs: 4.2,
      requestId: "req_1",
      source: "server",
      link: "http://127.0.0.1:12111/_emulator/dashboard/requests/5",
    });
  });

  it("tells the server's calls from the browser's by the kind of key", () => {
    const calls = stripeCalls(
      [
        [
          entry(3, { key_kind: "organization" }),
          entry(2, { key_kind: "publishable" }),
          entry(1, { key_kind: null }),
        ],
      ],
      links,
      accountRef,
      50,
    );
    expect(calls.map((c) => c.source)).toEqual(["server", "browser", "unknown"]);
  });

  it("names the account a Stripe-Context path acts in, and keeps no more than the limit", () => {
    const calls = stripeCalls(
      [[entry(9, { account: "org_group/acct_rides" }), entry(8), entry(7)]],
      links,
      accountRef,
      2,
    );
    expect(calls.map((c) => [c.n, c.account?.id])).toEqual([
      [9, "acct_rides"],
      [8, "acct_deliveries"],
    ]);
  });

  it("refuses a request log that is not the emulator's", () => {
    expect(requestListSchema.safeParse({ data: [{ ...entry(1), n: "1" }] }).success).toBe(false);
    expect(requestListSchema.safeParse({ data: [{ ...entry(1), at: 1e300 }] }).success).toBe(false);
    expect(requestListSchema.safeParse({ data: [{ ...entry(1), key_kind: undefined }] }).success).toBe(true);
  });

  it("links to the customer across accounts and to an object in its account", () => {
    expect(links.customerAcross("cus_1")).toBe("http://127.0.0.1:12111/_emulator/dashboard/customers/cus_1");
    expect(links.object("acct_rides", "events", "evt_1")).toBe(
      "http://127.0.0.1:12111/_emulator/dashboard/accounts/acct_rides?type=events&q=evt_1",
    );
  });
});
