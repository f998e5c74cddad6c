import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { Store } from "../src/store/db.js";
import { ACCOUNTS, client, json, KEYS, rawRequest } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-store-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A state file as earlier emulator versions wrote it: objects keyed by (account, id). */
function writeEarlierLayout(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE objects (
    account TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, created INTEGER NOT NULL,
    seq INTEGER NOT NULL, customer TEXT, k1 TEXT, data TEXT NOT NULL, PRIMARY KEY (account, id));
    CREATE INDEX objects_by_type ON objects (account, type, seq);
    CREATE TABLE deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT, endpoint_id TEXT NOT NULL,
      event_account TEXT NOT NULL, event_id TEXT NOT NULL, status TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_status INTEGER, last_error TEXT);`);
  const put = db.prepare(
    "INSERT INTO objects (account, id, type, created, seq, customer, k1, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const [i, account] of [ACCOUNTS.rides, ACCOUNTS.deliveries].entries()) {
    const customer = {
      id: "cus_Earlier0000001",
      object: "customer",
      created: 1_700_000_000,
      email: "earlier@example.com",
      metadata: {},
      livemode: false,
    };
    put.run(
      account,
      customer.id,
      "customer",
      1_700_000_000,
      2 * i + 1,
      null,
      customer.email,
      JSON.stringify(customer),
    );
    const event = {
      id: `evt_Earlier00000000000000${i}`,
      object: "event",
      type: "customer.created",
      created: 1_700_000_000,
      context: account,
      data: { object: customer },
    };
    put.run(account, event.id, "event", 1_700_000_000, 2 * i + 2, null, event.type, JSON.stringify(event));
  }
  db.close();
}

describe("a state file from an earlier version", () => {
  it("opens with its objects and cursors intact, keeps working, and sends no old event again", async () => {
    const file = path.join(dir, "earlier.sqlite");
    writeEarlierLayout(file);
    const emu = await createEmulator({ dataFile: file, port: 0, appUrl: "http://127.0.0.1:9" });
    try {
      const rides = client(emu, KEYS.rides);
      expect(await rides.customers.retrieve("cus_Earlier0000001")).toMatchObject({
        email: "earlier@example.com",
      });
      const added = await rides.customers.create({ email: "later@example.com" });
      const page = await rides.customers.list({ limit: 1 });
      expect(page.data.map((c) => c.id)).toEqual([added.id]);
      const next = await rides.customers.list({ limit: 1, starting_after: added.id });
      expect(next.data.map((c) => c.id)).toEqual(["cus_Earlier0000001"]);
      const deliveries = await json(emu, "POST", "/_emulator/webhooks/deliver");
      const sent = (deliveries.body["attempts"] as Array<{ event_id: string }>).map((a) => a.event_id);
      expect(sent.some((id) => id.startsWith("evt_Earlier"))).toBe(false);
    } finally {
      await emu.close();
    }
  });
});

describe("a state file that kept the emulator's notes inside the objects", () => {
  it("moves them out on open: they are never rendered, and the card still behaves as its number says", async () => {
    const file = path.join(dir, "notes-inside.sqlite");
    const first = await createEmulator({ dataFile: file, port: 0, appUrl: "http://127.0.0.1:9" });
    const declining = await client(first, KEYS.rides).paymentMethods.create({
      type: "card",
      card: { token: "tok_chargeDeclined" },
    });
    await first.close();
    // Earlier versions wrote the card number into the object as `__pan`, with no column beside it.
    const db = new Database(file);
    for (const row of db
      .prepare("SELECT seq, data, internal FROM objects WHERE internal IS NOT NULL")
      .all() as Array<{
      seq: number;
      data: string;
      internal: string;
    }>) {
      const notes = JSON.parse(row.internal) as { pan?: string };
      const obj = { ...(JSON.parse(row.data) as object), ...(notes.pan ? { __pan: notes.pan } : {}) };
      db.prepare("UPDATE objects SET data = ? WHERE seq = ?").run(JSON.stringify(obj), row.seq);
    }
    db.exec("ALTER TABLE objects DROP COLUMN internal");
    db.close();

    const emu = await createEmulator({ dataFile: file, port: 0, appUrl: "http://127.0.0.1:9" });
    try {
      const rides = client(emu, KEYS.rides);
      const raw = await rawRequest(emu, "GET", `/v1/payment_methods/${declining.id}`, {
        authorization: `Bearer ${KEYS.rides}`,
      });
      expect(raw.status).toBe(200);
      expect(raw.text).not.toContain("__");
      await expect(
        rides.paymentIntents.create({
          amount: 1000,
          currency: "usd",
          payment_method: declining.id,
          confirm: true,
        }),
      ).rejects.toMatchObject({ code: "card_declined" });
    } finally {
      await emu.close();
    }
  });
});

describe("a request's new rows", () => {
  it("are inserted together yet read back within the request, counted past the cap, and rolled back with it", async () => {
    const store = new Store(path.join(dir, "deferred.sqlite"));
    const customer = (n: number): Record<string, unknown> => ({
      id: `cus_Deferred${String(n).padStart(5, "0")}`,
      object: "customer",
      created: 1_700_000_000 + n,
      email: `d${n}@example.com`,
    });
    store.tx(() => {
      // More rows than one statement takes, and a read after every few.
      for (let n = 0; n < 19; n++) {
        store.put("acct_a", customer(n), { type: "customer", k1: `d${n}@example.com` });
        if (n % 6 === 5)
          expect(store.get("acct_a", `cus_Deferred${String(n).padStart(5, "0")}`)?.["email"]).toBe(
            `d${n}@example.com`,
          );
      }
      store.put("acct_a", customer(19), { type: "customer" });
    });
    expect(() =>
      store.tx(() => {
        store.put("acct_a", customer(20), { type: "customer" });
        throw new Error("refused");
      }),
    ).toThrow("refused");
    await store.committed();
    expect(store.get("acct_a", "cus_Deferred00020")).toBeUndefined();
    const { rows } = store.list({ accounts: ["acct_a"], type: "customer" }, { limit: 100 });
    expect(rows.map((r) => r.obj["id"])).toEqual(
      Array.from({ length: 20 }, (_, n) => `cus_Deferred${String(19 - n).padStart(5, "0")}`),
    );
    store.close();
    const reopened = new Store(path.join(dir, "deferred.sqlite"));
    expect(reopened.list({ accounts: ["acct_a"], type: "customer" }, { limit: 100 }).rows).toHaveLength(20);
    expect(reopened.get("acct_a", "cus_Deferred00020")).toBeUndefined();
    reopened.close();
  });
});
