import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";
import type * as Sessions from "@/lib/auth/sessions";
import type * as UpdateProfile from "@/lib/customers/update-profile";
import type * as CustomerActions from "@/lib/org/customer-actions";
import type * as Handlers from "@/lib/webhooks/handlers";

let world: IntegrationWorld;
let shop: Shop;
let sessions: typeof Sessions;
let updateSharedProfile: typeof UpdateProfile.updateSharedProfile;
let updateCustomerProfile: typeof CustomerActions.updateCustomerProfile;
let apply: typeof Handlers.apply;

beforeAll(async () => {
  world = await startIntegrationWorld();
  shop = await openShop(world);
  sessions = await import("@/lib/auth/sessions");
  updateSharedProfile = (await import("@/lib/customers/update-profile")).updateSharedProfile;
  updateCustomerProfile = (await import("@/lib/org/customer-actions")).updateCustomerProfile;
  apply = (await import("@/lib/webhooks/handlers")).apply;
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

const profile = (name: string, email: string) => ({ name, email, phone: null, address: null });

/** A shopper signed in on a phone and a laptop. */
async function shopperOnTwoBrowsers() {
  const user = await shop.newShopper();
  const phone = await sessions.startSession(user.id);
  const laptop = await sessions.startSession(user.id);
  return { user, phone, laptop };
}

const active = async (...ids: string[]) => Promise.all(ids.map((id) => sessions.isSessionActive(id)));

describe("sessions the server can end", () => {
  it("ends one browser's session on sign-out and leaves the other", async () => {
    const { phone, laptop } = await shopperOnTwoBrowsers();
    expect(await active(phone, laptop)).toEqual([true, true]);
    await sessions.endSession(phone);
    expect(await active(phone, laptop)).toEqual([false, true]);
  });

  it("ends the shopper's other sessions when the shopper changes the email, not the one saving", async () => {
    const { user, phone, laptop } = await shopperOnTwoBrowsers();
    await updateSharedProfile({ ...user, sessionId: phone }, profile("Renamed", user.email));
    expect(await active(phone, laptop)).toEqual([true, true]);
    await updateSharedProfile({ ...user, sessionId: phone }, profile("Renamed", `new-${user.email}`));
    expect(await active(phone, laptop)).toEqual([true, false]);
  });

  it("ends every session of a customer whose email an admin changes", async () => {
    const { user, phone, laptop } = await shopperOnTwoBrowsers();
    await updateCustomerProfile(user.id, profile("Admin Set", `admin-set-${user.email}`), "admin");
    expect(await active(phone, laptop)).toEqual([false, false]);
  });

  it("ends every session when Stripe's profile sync brings a new email, and none for other fields", async () => {
    const { user, phone, laptop } = await shopperOnTwoBrowsers();
    const customerId = `cus_${user.id}`;
    await shop.prisma.user.update({ where: { id: user.id }, data: { stripeCustomerId: customerId } });
    const sync = (email: string) =>
      apply(shop.prisma, { kind: "profile", customerId, profile: profile("Synced", email) });
    await sync(user.email);
    expect(await active(phone, laptop)).toEqual([true, true]);
    await sync(`synced-${user.email}`);
    expect(await active(phone, laptop)).toEqual([false, false]);
  });

  it("refuses a session past its expiry", async () => {
    const { user, phone } = await shopperOnTwoBrowsers();
    await shop.prisma.session.update({
      where: { sessionToken: phone },
      data: { expires: new Date(Date.now() - 1) },
    });
    expect(await sessions.isSessionActive(phone)).toBe(false);
    // The next sign-in of the same user tidies it away.
    await sessions.startSession(user.id);
    expect(await shop.prisma.session.count({ where: { sessionToken: phone } })).toBe(0);
  });
});
