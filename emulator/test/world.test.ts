import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWorld } from "../src/config/world.js";

const base = JSON.parse(readFileSync(new URL("../config/default-world.json", import.meta.url), "utf8")) as {
  organizations: Array<{
    sharing_group: { accounts: string[]; consent_attested: boolean };
    accounts: string[];
  }>;
  accounts: Array<{ id: string; secret_key?: string; platform?: string }>;
};

function variant(edit: (w: typeof base) => void): unknown {
  const w = structuredClone(base);
  edit(w);
  return w;
}

describe("world config", () => {
  it("loads the default world with the agreed ids, keys and endpoints", () => {
    const world = parseWorld(base, "http://127.0.0.1:3000/");
    expect(world.sharingGroup("acct_1RocketRides00001")).toEqual([
      "acct_1RocketRides00001",
      "acct_1RocketDeliver0001",
    ]);
    expect(world.sharingGroup("acct_1RocketRidesCnct01")).toEqual(["acct_1RocketRidesCnct01"]);
    expect(world.platformOf("acct_1RocketDelivCnct01")).toBe("acct_1RocketPlatform001");
    expect(world.keys.get("sk_org_test_rocketgroup_emulator_0001")?.kind).toBe("organization");
    expect(world.keys.get("pk_test_deliveries_emulator_0001")).toMatchObject({
      kind: "account",
      publishable: true,
    });
    const described = world.describe() as {
      organizations: Array<{ webhook_endpoints: Array<{ id: string; url: string; secret: string }> }>;
    };
    expect(described.organizations[0]?.webhook_endpoints[0]).toEqual(
      expect.objectContaining({
        id: "we_org_rocketgroup_0001",
        url: "http://127.0.0.1:3000/api/webhooks/stripe",
        secret: "whsec_org_rocketgroup_emulator_0001",
      }),
    );
  });

  it("rejects a connected account in a sharing group", () => {
    const w = variant((x) => {
      const org = x.organizations[0];
      if (!org) throw new Error("no org");
      org.accounts.push("acct_1RocketRidesCnct01");
      org.sharing_group.accounts.push("acct_1RocketRidesCnct01");
    });
    expect(() => parseWorld(w, "http://x")).toThrow(
      /connected account acct_1RocketRidesCnct01 cannot be in a sharing group/,
    );
  });

  it("rejects sharing without attested consent, duplicate keys and unknown accounts", () => {
    expect(() =>
      parseWorld(
        variant((x) => {
          const org = x.organizations[0];
          if (org) org.sharing_group.consent_attested = false;
        }),
        "http://x",
      ),
    ).toThrow(/invalid/);
    expect(() =>
      parseWorld(
        variant((x) => {
          const a = x.accounts[1];
          if (a) a.secret_key = "sk_test_rides_emulator_0001";
        }),
        "http://x",
      ),
    ).toThrow(/duplicate key/);
    expect(() =>
      parseWorld(
        variant((x) => {
          x.organizations[0]?.accounts.push("acct_missing");
        }),
        "http://x",
      ),
    ).toThrow(/unknown account acct_missing/);
  });
});
