import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, basic, client, emulatorForFile, KEYS, rawGet, rawPost } from "./helpers.js";

const { emu, rides, org, platform, ridesPk: pk, deliveries } = await emulatorForFile();

describe("authentication and account selection", () => {
  it("rejects a missing key with Stripe's message", async () => {
    const res = await rawGet(emu, "/v1/customers");
    expect(res.status).toBe(401);
    const err = res.body["error"] as Record<string, unknown>;
    expect(err["message"]).toMatch(/^You did not provide an API key/);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
  });

  it("rejects a bad key with the key masked", async () => {
    const bad = client(emu, "sk_test_doesnotexist1234");
    await expect(bad.customers.list()).rejects.toMatchObject({
      type: "StripeAuthenticationError",
      statusCode: 401,
      message: "Invalid API Key provided: sk_test_************1234",
    });
  });

  it("accepts HTTP Basic auth like curl -u", async () => {
    const res = await rawPost(emu, "/v1/customers", { email: "basic@example.com" }, basic(KEYS.rides));
    expect(res.status).toBe(200);
    expect(res.body["id"]).toMatch(/^cus_/);
  });

  it("requires Stripe-Context with an organization key and acts in that account", async () => {
    await expect(org.customers.list()).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/Stripe-Context/),
    });
    const created = await org.customers.create(
      { email: "org@example.com" },
      { stripeContext: ACCOUNTS.deliveries },
    );
    const seen = await deliveries.customers.retrieve(created.id);
    expect(seen.id).toBe(created.id);
  });

  it("rejects both Stripe-Account and Stripe-Context", async () => {
    const res = await rawGet(emu, "/v1/customers", {
      authorization: `Bearer ${KEYS.platform}`,
      "stripe-account": ACCOUNTS.ridesConnected,
      "stripe-context": ACCOUNTS.ridesConnected,
    });
    expect(res.status).toBe(400);
  });

  it("lets the platform act in its connected accounts only", async () => {
    const c = await platform.customers.create(
      { email: "c@example.com" },
      { stripeAccount: ACCOUNTS.ridesConnected },
    );
    await expect(platform.customers.retrieve(c.id)).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
    await expect(platform.customers.list({}, { stripeAccount: ACCOUNTS.rides })).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect(rides.customers.list({}, { stripeAccount: ACCOUNTS.ridesConnected })).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it("refuses publishable keys on secret-key endpoints", async () => {
    await expect(pk.customers.list()).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe("errors and parameters", () => {
  it("returns parameter_unknown, parameter_missing and resource_missing with doc_url", async () => {
    await expect(
      rides.customers.create({ bogus: "x" } as unknown as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_unknown",
      param: "bogus",
      message: "Received unknown parameter: bogus",
    });
    await expect(
      rides.customers.create({ address: { planet: "mars" } } as unknown as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({
      code: "parameter_unknown",
      param: "address[planet]",
    });
    await expect(rides.customers.retrieve("cus_nope")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "id",
      message: "No such customer: 'cus_nope'",
      doc_url: "https://stripe.com/docs/error-codes/resource-missing",
    });
    const res = await rawPost(emu, "/v1/tokens", { customer: "" }, { authorization: `Bearer ${KEYS.rides}` });
    expect(res.status).toBe(400);
  });

  it("treats an empty string as unset and coerces ints", async () => {
    const c = await rides.customers.create({ description: "d", metadata: { a: "1", b: "2" }, balance: 500 });
    expect(c.balance).toBe(500);
    const u = await rides.customers.update(c.id, { description: "", metadata: { a: "" } });
    expect(u.description).toBeNull();
    expect(u.metadata).toEqual({ b: "2" });
    const cleared = await rawPost(emu, `/v1/customers/${c.id}`, "metadata=", {
      authorization: `Bearer ${KEYS.rides}`,
    });
    expect(cleared.body["metadata"]).toEqual({});
    const bad = await rawPost(emu, "/v1/customers", "balance=abc", { authorization: `Bearer ${KEYS.rides}` });
    expect(bad.status).toBe(400);
    expect((bad.body["error"] as Record<string, unknown>)["param"]).toBe("balance");
  });

  it("rejects a malformed Stripe-Version and echoes a valid one", async () => {
    const bad = await rawGet(emu, "/v1/customers", {
      authorization: `Bearer ${KEYS.rides}`,
      "stripe-version": "yesterday",
    });
    expect(bad.status).toBe(400);
    expect((bad.body["error"] as Record<string, unknown>)["message"]).toBe(
      "Invalid Stripe API version: yesterday",
    );
    const ok = await rawGet(emu, "/v1/customers", {
      authorization: `Bearer ${KEYS.rides}`,
      "stripe-version": "2025-04-30.basil",
    });
    expect(ok.headers.get("stripe-version")).toBe("2025-04-30.basil");
  });

  it("answers unknown URLs with Stripe's 404", async () => {
    const res = await rawGet(emu, "/v1/nothing", { authorization: `Bearer ${KEYS.rides}` });
    expect(res.status).toBe(404);
    expect((res.body["error"] as Record<string, unknown>)["message"]).toMatch(/Unrecognized request URL/);
  });
});

describe("idempotency", () => {
  it("replays the first response for the same key and parameters", async () => {
    const a = await rides.customers.create({ email: "i@example.com" }, { idempotencyKey: "key-1" });
    const b = await rides.customers.create({ email: "i@example.com" }, { idempotencyKey: "key-1" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await rides.customers.list()).data).toHaveLength(1);
  });

  it("rejects the same key with different parameters", async () => {
    await rides.customers.create({ email: "i@example.com" }, { idempotencyKey: "key-2" });
    await expect(
      rides.customers.create({ email: "other@example.com" }, { idempotencyKey: "key-2" }),
    ).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
      message: expect.stringMatching(
        /Keys for idempotent requests can only be used with the same parameters/,
      ),
    });
  });

  it("keeps concurrent duplicates safe", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        rides.customers.create({ email: "race@example.com" }, { idempotencyKey: "race-key" }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await rides.customers.list({ email: "race@example.com" })).data).toHaveLength(1);
  });

  it("scopes keys per account", async () => {
    const a = await rides.customers.create({ email: "s@example.com" }, { idempotencyKey: "shared-key" });
    const b = await platform.customers.create({ email: "s@example.com" }, { idempotencyKey: "shared-key" });
    expect(b.id).not.toBe(a.id);
  });
});

describe("lists and expand", () => {
  it("paginates newest first with starting_after / ending_before and validates limit", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await rides.customers.create({ email: `p${i}@example.com` })).id);
    const newestFirst = [...ids].reverse();
    const first = await rides.customers.list({ limit: 3 });
    expect(first.object).toBe("list");
    expect(first.url).toBe("/v1/customers");
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.has_more).toBe(true);
    const second = await rides.customers.list({ limit: 3, starting_after: first.data[2]?.id ?? "" });
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(3, 6));
    const back = await rides.customers.list({ limit: 2, ending_before: newestFirst[3] ?? "" });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(1, 3));
    const all: string[] = [];
    for await (const c of rides.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual(newestFirst);
    await expect(rides.customers.list({ limit: 0 })).rejects.toMatchObject({ param: "limit" });
    await expect(rides.customers.list({ limit: 101 })).rejects.toMatchObject({ param: "limit" });
  });

  it("filters by email and created", async () => {
    await rides.customers.create({ email: "x@example.com" });
    await rides.customers.create({ email: "y@example.com" });
    const only = await rides.customers.list({ email: "y@example.com" });
    expect(only.data.map((c) => c.email)).toEqual(["y@example.com"]);
    const none = await rides.customers.list({ created: { lt: 1000 } });
    expect(none.data).toHaveLength(0);
  });

  it("accepts expand[] and expand[0] forms", async () => {
    const c = await rides.customers.create({ email: "e@example.com" });
    const a = await rawGet(emu, `/v1/customers/${c.id}?expand[]=sources`, {
      authorization: `Bearer ${KEYS.rides}`,
    });
    const b = await rawGet(emu, `/v1/customers/${c.id}?expand[0]=sources`, {
      authorization: `Bearer ${KEYS.rides}`,
    });
    expect((a.body["sources"] as Record<string, unknown>)["object"]).toBe("list");
    expect((b.body["sources"] as Record<string, unknown>)["object"]).toBe("list");
  });
});

describe("customers", () => {
  it("creates, retrieves, updates, deletes", async () => {
    const c = await rides.customers.create({
      email: "jenny@example.com",
      name: "Jenny Rosen",
      address: {
        city: "San Francisco",
        country: "US",
        line1: "123 Market Street",
        postal_code: "94103",
        state: "CA",
      },
    });
    expect(c).toMatchObject({
      object: "customer",
      livemode: false,
      default_source: null,
      shipping: null,
      metadata: {},
    });
    expect(c.address?.line2).toBeNull();
    const got = await rides.customers.retrieve(c.id);
    expect(got).toEqual(c);
    const del = await rides.customers.del(c.id);
    expect(del).toMatchObject({ id: c.id, deleted: true });
    const again = await rides.customers.retrieve(c.id);
    expect(again.deleted).toBe(true);
    await expect(rides.customers.update(c.id, { name: "x" })).rejects.toMatchObject({ statusCode: 404 });
  });

  it("searches by email, name substring and metadata", async () => {
    await rides.customers.create({
      email: "jenny@example.com",
      name: "Jenny Rosen",
      metadata: { tier: "gold" },
    });
    await rides.customers.create({
      email: "bob@example.com",
      name: "Bob Smith",
      metadata: { tier: "silver" },
    });
    const byEmail = await rides.customers.search({ query: "email:'jenny@example.com'" });
    expect(byEmail.object).toBe("search_result");
    expect(byEmail.data.map((c) => c.name)).toEqual(["Jenny Rosen"]);
    const byName = await rides.customers.search({ query: "name~'smi'" });
    expect(byName.data.map((c) => c.email)).toEqual(["bob@example.com"]);
    const byMeta = await rides.customers.search({ query: "metadata['tier']:'gold'" });
    expect(byMeta.data).toHaveLength(1);
    const either = await rides.customers.search({
      query: "email:'bob@example.com' OR metadata['tier']:'gold'",
      limit: 1,
    });
    expect(either.has_more).toBe(true);
    expect(either.next_page).toBeTruthy();
    const rest = await rides.customers.search({
      query: "email:'bob@example.com' OR metadata['tier']:'gold'",
      limit: 1,
      page: either.next_page ?? "",
    });
    expect(rest.data).toHaveLength(1);
    expect(rest.has_more).toBe(false);
  });
});
