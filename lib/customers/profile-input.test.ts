import { describe, expect, it } from "vitest";
import { signUpSchema } from "@/lib/auth/validation";
import { profileInputSchema } from "@/lib/customers/profile-input";
import { UNPRINTABLE_TEXT_MESSAGE } from "@/lib/text";

const address = {
  line1: "1 Market Street",
  line2: null,
  city: "San Francisco",
  state: "CA",
  postal_code: "94105",
  country: "US",
};
const profile = { name: "Jenny Rosen", email: "jenny@example.com", phone: "+1 415 555 0100", address };

function fieldErrors(result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries(
    (result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]),
  );
}

describe("names and the shared profile refuse unprintable text", () => {
  it("in the sign-up name", () => {
    for (const name of ["Jenny \ud800", "Jen\u0000ny", "Jenny\u0007", "Jenny\nRosen"]) {
      const result = signUpSchema.safeParse({ name, email: "a@example.com", password: "long-enough-pass-1" });
      expect(fieldErrors(result), JSON.stringify(name)).toEqual({ name: UNPRINTABLE_TEXT_MESSAGE });
    }
  });

  it("in every text field of the profile", () => {
    const cases: [string, object][] = [
      ["name", { name: "Customer \udc00" }],
      ["address.line1", { address: { ...address, line1: "1 Market\u0000Street" } }],
      ["address.line2", { address: { ...address, line2: "Suite \ud83d" } }],
      ["address.city", { address: { ...address, city: "San\u2028Francisco" } }],
      ["address.state", { address: { ...address, state: "C\u0008A" } }],
      ["address.postal_code", { address: { ...address, postal_code: "94\u001b105" } }],
    ];
    for (const [field, change] of cases) {
      const result = profileInputSchema.safeParse({ ...profile, ...change });
      expect(fieldErrors(result), field).toEqual({ [field]: UNPRINTABLE_TEXT_MESSAGE });
    }
    const phone = profileInputSchema.safeParse({ ...profile, phone: "+1 415\u0000555" });
    expect(Object.keys(fieldErrors(phone))).toEqual(["phone"]);
  });

  it("while names in every script, with emoji, still save", () => {
    expect(profileInputSchema.safeParse({ ...profile, name: "Zoë Ødegård-李 💳" }).success).toBe(true);
    expect(
      signUpSchema.safeParse({ name: "Zoë 李", email: "a@example.com", password: "long-enough-pass-1" })
        .success,
    ).toBe(true);
  });
});
