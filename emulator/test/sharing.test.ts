import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ACCOUNTS, client, emulatorForFile, KEYS } from "./helpers.js";

const { emu, rides, deliveries, org, platform } = await emulatorForFile();

async function eventTypes(s: Stripe, type?: string): Promise<string[]> {
  const list = await s.events.list(type ? { type, limit: 100 } : { limit: 100 });
  return list.data.map((e) => e.type);
}

describe("organization customer sharing (endive)", () => {
  it("creates the customer in every account of the group with the same id and one customer.created each", async () => {
    const c = await rides.customers.create({
      email: "jenny@example.com",
      name: "Jenny Rosen",
      phone: "4142079823",
    });
    const inDeliveries = await deliveries.customers.retrieve(c.id);
    expect(inDeliveries).toMatchObject({
      id: c.id,
      email: "jenny@example.com",
      name: "Jenny Rosen",
      phone: "4142079823",
    });
    expect(await eventTypes(rides, "customer.created")).toEqual(["customer.created"]);
    expect(await eventTypes(deliveries, "customer.created")).toEqual(["customer.created"]);
    const evt = (await deliveries.events.list({ type: "customer.created" })).data[0];
    expect(evt?.context).toBe(ACCOUNTS.deliveries);
    expect(evt?.account).toBeUndefined();
    // Not shared with the Connect platform.
    await expect(platform.customers.retrieve(c.id)).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it("syncs shared fields (metadata and shipping included on endive) and emits customer.updated in every account", async () => {
    const c = await rides.customers.create({ email: "a@example.com" });
    await rides.customers.update(c.id, {
      name: "New Name",
      metadata: { RocketRidesId: "rr_1" },
      shipping: { name: "J", address: { line1: "1 Main" } },
    });
    const d = await deliveries.customers.retrieve(c.id);
    expect(d).toMatchObject({ name: "New Name", metadata: { RocketRidesId: "rr_1" } });
    expect((d as Stripe.Customer).shipping?.name).toBe("J");
    expect(await eventTypes(rides, "customer.updated")).toHaveLength(1);
    expect(await eventTypes(deliveries, "customer.updated")).toHaveLength(1);
    const upd = (await deliveries.events.list({ type: "customer.updated" })).data[0];
    expect(upd?.data.previous_attributes).toMatchObject({ name: null });
  });

  it("keeps unshared fields per account and emits customer.updated only in the acting account", async () => {
    const c = await rides.customers.create({ email: "a@example.com" });
    await rides.customers.update(c.id, { balance: 700 });
    expect((await rides.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ balance: 700 });
    expect((await deliveries.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ balance: 0 });
    expect(await eventTypes(rides, "customer.updated")).toHaveLength(1);
    expect(await eventTypes(deliveries, "customer.updated")).toHaveLength(0);
  });

  it("keeps metadata per account on API versions before 2026-09-30", async () => {
    const old = client(emu, KEYS.rides, { apiVersion: "2025-04-30.basil" as Stripe.LatestApiVersion });
    const c = await old.customers.create({
      email: "old@example.com",
      metadata: { RocketRidesId: "rr_4165059" },
    });
    const d = (await deliveries.customers.retrieve(c.id)) as Stripe.Customer;
    expect(d.email).toBe("old@example.com");
    expect(d.metadata).toEqual({});
    await old.customers.update(c.id, { metadata: { door: "blue" } });
    expect(await eventTypes(deliveries, "customer.updated")).toHaveLength(0);
  });

  it("shares card payment methods with the same id; payment_method events stay in the acting account", async () => {
    const c = await rides.customers.create({ email: "a@example.com" });
    const pm = await rides.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    await rides.paymentMethods.attach(pm.id, { customer: c.id });
    const seen = await deliveries.customers.listPaymentMethods(c.id);
    expect(seen.data.map((p) => p.id)).toEqual([pm.id]);
    expect((await deliveries.paymentMethods.retrieve(pm.id)).card?.last4).toBe("4242");
    expect(await eventTypes(rides, "payment_method.attached")).toHaveLength(1);
    expect(await eventTypes(deliveries, "payment_method.*")).toHaveLength(0);
    // Deliveries can charge the shared card.
    const pi = await deliveries.paymentIntents.create({
      amount: 5000,
      currency: "usd",
      customer: c.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe("succeeded");
    // Payments stay private to each account.
    expect((await rides.paymentIntents.list()).data).toHaveLength(0);
    // Updating from the other account affects the single instance.
    await deliveries.paymentMethods.update(pm.id, { metadata: { nick: "work" } });
    expect((await rides.paymentMethods.retrieve(pm.id)).metadata).toEqual({ nick: "work" });
    expect(await eventTypes(deliveries, "payment_method.updated")).toHaveLength(1);
    expect(await eventTypes(rides, "payment_method.updated")).toHaveLength(0);
  });

  it("delivers each account's event to the organization endpoint with its own context", async () => {
    const c = await rides.customers.create({ email: "a@example.com" });
    await rides.customers.update(c.id, { email: "b@example.com" });
    const r = await org.events.list({ type: "customer.updated" }, { stripeContext: ACCOUNTS.rides });
    const d = await org.events.list({ type: "customer.updated" }, { stripeContext: ACCOUNTS.deliveries });
    expect(r.data[0]?.context).toBe(ACCOUNTS.rides);
    expect(d.data[0]?.context).toBe(ACCOUNTS.deliveries);
    expect(r.data[0]?.pending_webhooks).toBe(1);
  });

  it("deletes the shared customer everywhere", async () => {
    const c = await rides.customers.create({ email: "a@example.com" });
    await deliveries.customers.del(c.id);
    expect((await rides.customers.retrieve(c.id)).deleted).toBe(true);
    expect(await eventTypes(rides, "customer.deleted")).toHaveLength(1);
  });
});
