import { describe, expect, it } from "vitest";
import {
  actorForAdmin,
  actorForShopper,
  changedProfileFields,
  describeChange,
  parseChange,
  type AuditChange,
} from "@/lib/audit/entries";
import { originText } from "@/lib/wallet/origin-text";

const names: Record<string, string> = { rides: "Rocket Rides", deliveries: "Rocket Deliveries" };
const brandName = (slug: string) => names[slug] ?? slug;
const visa = { id: "pm_1", brand: "visa", last4: "4242" };

describe("the audit trail's sentences", () => {
  it("says what each change was", () => {
    const cases: [AuditChange, string][] = [
      [{ action: "card.saved", card: visa, brand: "rides" }, "Saved Visa •••• 4242 at Rocket Rides."],
      [
        { action: "card.added", card: visa, consent: "By phone" },
        "Added Visa •••• 4242 for every brand (consent: “By phone”).",
      ],
      [{ action: "card.removed", card: visa }, "Removed Visa •••• 4242 from every brand."],
      [
        { action: "wallet.brand_changed", brand: "deliveries", offerSavedCards: false },
        "Rocket Deliveries no longer offers the saved cards.",
      ],
      [
        { action: "wallet.brand_changed", brand: "deliveries", offerSavedCards: true },
        "Rocket Deliveries may offer the saved cards again.",
      ],
      [{ action: "profile.edited", fields: ["name", "phone"] }, "Edited the shared profile (name, phone)."],
      [{ action: "passkey.added", passkeyId: "pk", name: "Laptop" }, "Added the passkey “Laptop”."],
      [{ action: "passkey.removed", passkeyId: "pk", name: "Laptop" }, "Removed the passkey “Laptop”."],
      [
        {
          action: "refund.created",
          brand: "rides",
          paymentIntentId: "pi_1",
          refundId: "re_1",
          amount: 1000,
          currency: "usd",
          reason: "Late",
        },
        "Refunded $10.00 of a payment at Rocket Rides (reason: “Late”).",
      ],
    ];
    for (const [change, sentence] of cases) expect(describeChange(change, brandName)).toBe(sentence);
  });

  it("reads back what was stored, and nothing it does not know", () => {
    const stored = JSON.stringify({ card: visa, brand: "rides" });
    expect(parseChange("card.saved", stored)).toEqual({ action: "card.saved", card: visa, brand: "rides" });
    expect(parseChange("card.saved", "{not json")).toBeNull();
    expect(parseChange("card.teleported", stored)).toBeNull();
    expect(parseChange("card.saved", JSON.stringify({ brand: "rides" }))).toBeNull();
    expect(describeChange(null, brandName)).toBe("A change this version of the app cannot describe.");
  });

  it("names who made a change for the shopper and for an admin", () => {
    const shopper = { id: "u1", role: "shopper" as const, email: "jenny@example.com" };
    const admin = { id: "a1", role: "admin" as const, email: "admin@example.com" };
    expect([actorForShopper(shopper), actorForShopper(admin)]).toEqual(["You", "Rocket support"]);
    expect([actorForAdmin(shopper), actorForAdmin(admin), actorForAdmin({ ...admin, email: null })]).toEqual([
      "The shopper",
      "Admin admin@example.com",
      "An admin",
    ]);
  });

  it("lists the profile fields an edit changed", () => {
    const before: Record<string, string | null> = {
      name: "Jenny",
      email: "j@example.com",
      phone: null,
      address: null,
    };
    expect(changedProfileFields(before, { ...before })).toEqual([]);
    expect(changedProfileFields(before, { ...before, name: "Jenny R", phone: "+1 415" })).toEqual([
      "name",
      "phone",
    ]);
  });

  it("says where and when a card was saved, in UTC", () => {
    const at = new Date("2026-12-01T09:30:00Z");
    expect(originText({ brand: "rides", at }, brandName)).toBe(
      "Saved at Rocket Rides on Dec 1, 2026, 9:30 AM UTC",
    );
    expect(originText({ brand: null, at }, brandName)).toBe(
      "Added for you by Rocket support on Dec 1, 2026, 9:30 AM UTC",
    );
  });
});
