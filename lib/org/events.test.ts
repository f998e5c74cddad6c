import { describe, expect, it } from "vitest";
import {
  accountOptions,
  eventLogHref,
  eventObject,
  eventSummary,
  filterTypes,
  ignoredBreakdown,
  ignoredSummary,
  isStripeEventType,
  KNOWN_EVENT_TYPES,
  parseEventLogParams,
  readableDetail,
  sortIgnoredCounts,
} from "@/lib/org/events";

const BRANDS = [
  { name: "Rocket Rides", stripe: { account: "acct_rides", connectedAccount: "acct_rides_cnct" } },
  { name: "Rocket Deliveries", stripe: { account: "acct_deliv", connectedAccount: "acct_deliv_cnct" } },
];

describe("event types to filter by", () => {
  it("offers the known types and the Stripe-shaped types seen from the app's accounts, sorted, once each", () => {
    const types = filterTypes(["invoice.paid", "charge.refunded", "payout.created"]);
    expect(types).toEqual([...types].sort());
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining([...KNOWN_EVENT_TYPES, "invoice.paid", "payout.created"]));
  });

  it("leaves out made-up types, whatever their shape", () => {
    const junk = [
      "<script>alert(1)</script>",
      "junk.type",
      "rocket.takeover",
      "Charge.Refunded",
      "charge",
      "charge.refunded; DROP TABLE",
      `charge.${"x".repeat(100)}`,
      "",
    ];
    for (const type of junk) expect(isStripeEventType(type), type).toBe(false);
    expect(filterTypes(junk)).toEqual([...KNOWN_EVENT_TYPES].sort());
    expect(isStripeEventType("checkout.session.async_payment_succeeded")).toBe(true);
  });
});

describe("accounts to filter by", () => {
  it("names each strategy's accounts by brand, and another strategy's only once events came from them", () => {
    expect(accountOptions(BRANDS, "acct_platform", "organization")).toEqual([
      { id: "acct_rides", label: "Rocket Rides" },
      { id: "acct_deliv", label: "Rocket Deliveries" },
    ]);
    expect(
      accountOptions(BRANDS, "acct_platform", "connect-clone", ["acct_rides", "acct_somebody_else"]),
    ).toEqual([
      { id: "acct_platform", label: "Platform" },
      { id: "acct_rides_cnct", label: "Rocket Rides" },
      { id: "acct_deliv_cnct", label: "Rocket Deliveries" },
      { id: "acct_rides", label: "Rocket Rides (own account)" },
    ]);
  });
});

describe("the log's filters from a URL", () => {
  const known = { accounts: ["acct_rides"], types: ["charge.refunded"] };

  it("keeps known values and folds ignored events unless asked", () => {
    expect(
      parseEventLogParams(
        { account: "acct_rides", type: ["charge.refunded", "x"], customer: "cus_Abc123" },
        known,
      ),
    ).toEqual({
      params: { account: "acct_rides", type: "charge.refunded", customer: "cus_Abc123", showIgnored: false },
      problems: [],
    });
    expect(parseEventLogParams({ ignored: "show" }, known).params.showIgnored).toBe(true);
    expect(parseEventLogParams({ ignored: "yes please" }, known).params.showIgnored).toBe(false);
  });

  it("drops unknown values with a message that does not repeat them", () => {
    const hostile = '"><img src=x onerror=alert(1)>';
    const { params, problems } = parseEventLogParams(
      { account: hostile, type: hostile, customer: hostile, before: hostile },
      known,
    );
    expect(params).toEqual({ showIgnored: false });
    expect(problems).toHaveLength(4);
    for (const problem of problems) expect(problem).not.toContain("img");
    expect(problems[1]).toBe("The event type in the link is not one the app knows: showing every type.");
  });

  it("builds links with only the filters that are set", () => {
    expect(eventLogHref({})).toBe("/org/events");
    expect(eventLogHref({ type: "charge.refunded", showIgnored: true, customer: "cus_A1" })).toBe(
      "/org/events?type=charge.refunded&customer=cus_A1&ignored=show",
    );
  });
});

describe("ignored events folded into one count", () => {
  it("says how many events of how many types", () => {
    const counts = [
      { type: "charge.updated", count: 5 },
      { type: "payment_intent.created", count: 4 },
      { type: "customer.created", count: 2 },
      { type: "setup_intent.created", count: 1 },
    ];
    expect(ignoredSummary(counts)).toBe("12 ignored events of 4 types");
    expect(ignoredSummary([{ type: "charge.updated", count: 1 }])).toBe("1 ignored event of 1 type");
    expect(ignoredSummary([])).toBeNull();
  });

  it("names Stripe's types and sums made-up ones into one entry", () => {
    expect(
      ignoredBreakdown([
        { type: "<b>junk</b>", count: 2 },
        { type: "charge.updated", count: 1 },
        { type: "rocket.takeover", count: 1 },
      ]),
    ).toEqual([
      { type: "charge.updated", count: 1 },
      { type: null, count: 3 },
    ]);
    expect(ignoredBreakdown([{ type: "charge.updated", count: 1 }])).toEqual([
      { type: "charge.updated", count: 1 },
    ]);
  });

  it("lists the noisiest types first", () => {
    expect(
      sortIgnoredCounts([
        { type: "b.x", count: 1 },
        { type: "c.x", count: 3 },
        { type: "a.x", count: 1 },
        { type: "d.x", count: 0 },
      ]).map((row) => row.type),
    ).toEqual(["c.x", "a.x", "b.x"]);
  });
});

describe("what we did with an event, in words", () => {
  it("shows refunded minor units as an amount in the event's currency, and status codes as words", () => {
    const parts = readableDetail(
      "order cm3xq0k2v0000abcdefghijkl is partially_refunded (1000 refunded)",
      "usd",
    );
    expect(parts).toEqual([
      { kind: "text", text: "Order " },
      { kind: "id", id: "cm3xq0k2v0000abcdefghijkl" },
      { kind: "text", text: " is partly refunded ($10.00 refunded)" },
    ]);
    expect(readableDetail("order cm3xq0k2v0000abcdefghijkl is paid", "jpy").at(-1)).toEqual({
      kind: "text",
      text: " is paid",
    });
    expect(readableDetail("order x is refunded (500 refunded)", "jpy").at(-1)).toEqual({
      kind: "text",
      text: "Order x is refunded (¥500 refunded)",
    });
  });

  it("keeps minor units as they are when the currency is not known", () => {
    expect(readableDetail("order x is refunded (1000 refunded)", null)).toEqual([
      { kind: "text", text: "Order x is refunded (1000 refunded)" },
    ]);
  });

  it("says an event without a handler is one the app does not act on", () => {
    expect(readableDetail("no handler for charge.updated", "usd")).toEqual([
      { kind: "text", text: "Not an event the app acts on" },
    ]);
  });

  it("keeps Stripe ids apart so they can be shown short", () => {
    expect(
      readableDetail("its object no longer exists at Stripe (No such charge: 'ch_missing0000000001')", null),
    ).toEqual([
      { kind: "text", text: "Its object no longer exists at Stripe (No such charge: '" },
      { kind: "id", id: "ch_missing0000000001" },
      { kind: "text", text: "')" },
    ]);
    expect(readableDetail(null, "usd")).toEqual([]);
  });
});

describe("what an event's object says", () => {
  const payload = (object: unknown) => JSON.stringify({ id: "evt_1", data: { object } });

  it("formats amounts with their currency", () => {
    expect(
      eventSummary(
        "checkout.session.completed",
        eventObject(payload({ amount_total: 3700, currency: "usd", mode: "payment" })),
      ),
    ).toEqual({ text: "Checkout of $37.00", currency: "usd" });
    expect(
      eventSummary(
        "charge.refunded",
        eventObject(payload({ amount: 3700, amount_refunded: 1000, currency: "eur" })),
      ).text,
    ).toBe("€10.00 of €37.00 refunded");
    expect(eventSummary("refund.created", { amount: 500, currency: "jpy" }).text).toBe("Refund of ¥500");
    expect(eventSummary("checkout.session.completed", { mode: "setup" }).text).toBe("Card setup");
  });

  it("names a card by its label", () => {
    expect(
      eventSummary("payment_method.detached", {
        card: { brand: "mastercard", last4: "4444" },
        customer: null,
      }).text,
    ).toBe("Mastercard •••• 4444");
  });

  it("says nothing of values that are not what Stripe sends", () => {
    expect(eventObject("not json")).toBeNull();
    expect(eventObject(JSON.stringify({ data: { object: [1] } }))).toBeNull();
    expect(eventSummary("payment_intent.succeeded", { amount: "3700", currency: "usd" }).text).toBeNull();
    expect(eventSummary("payment_intent.succeeded", { amount: 3700, currency: "<b>" })).toEqual({
      text: null,
      currency: null,
    });
    expect(eventSummary("payment_intent.succeeded", { amount: 3700, currency: "zzz" }).text).toBeNull();
    expect(
      eventSummary("payment_method.attached", { card: { brand: "<script>", last4: "12<b>" } }).text,
    ).toBeNull();
    expect(eventSummary("payment_method.attached", { card: { brand: "<script>", last4: "1234" } }).text).toBe(
      "Card •••• 1234",
    );
  });
});
