import { describe, expect, it } from "vitest";
import { emulatorForFile, json, KEYS, rawRequest } from "./helpers.js";

const APP_ORIGIN = "http://127.0.0.1:3999";
const EVIL_ORIGIN = "http://evil.example";

const { emu, rides } = await emulatorForFile({ appUrl: `${APP_ORIGIN}/` }, { resetBeforeEach: false });

interface Answer {
  status: number;
  body: { error?: { type?: string; message?: string } } & Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

async function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { status, headers: answered, text } = await rawRequest(emu, method, path, headers, body);
  return { status, body: text ? (JSON.parse(text) as Answer["body"]) : {}, headers: answered };
}

async function customerCount(): Promise<number> {
  return (await rides.customers.list({ limit: 100 })).data.length;
}

describe("control API: who may call it", () => {
  it("refuses a web page's simple cross-origin POST to reset (no preflight needed) and resets nothing", async () => {
    await rides.customers.create({ email: "kept@example.com" });
    const before = await customerCount();
    // What <form method=post> or fetch(…, { mode: "no-cors" }) on another site sends.
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const answer = await send(
        "POST",
        "/_emulator/reset",
        { origin: EVIL_ORIGIN, "content-type": type },
        "x",
      );
      expect(answer.status).toBe(403);
      expect(answer.body.error?.type).toBe("invalid_request_error");
      expect(answer.body.error?.message).toMatch(/http:\/\/evil\.example/);
    }
    expect(await customerCount()).toBe(before);
  });

  it("refuses a POST or DELETE that is not JSON, even without an Origin", async () => {
    const before = await customerCount();
    const cases: [string, string, Record<string, string>][] = [
      ["POST", "/_emulator/reset", {}],
      ["POST", "/_emulator/reset", { "content-type": "text/plain" }],
      ["POST", "/_emulator/reset", { "content-type": "application/jsonp" }],
      ["POST", "/_emulator/webhooks/deliver", { "content-type": "application/x-www-form-urlencoded" }],
      ["DELETE", "/_emulator/faults", {}],
    ];
    for (const [method, path, headers] of cases) {
      const answer = await send(method, path, headers);
      expect(answer.status).toBe(415);
      expect(answer.body.error?.message).toMatch(/Content-Type: application\/json/);
    }
    expect(await customerCount()).toBe(before);
  });

  it("answers JSON from the emulator's own pages, the app's pages and non-browser callers", async () => {
    const own = [emu.url, `http://localhost:${emu.port}`];
    for (const origin of [...own, APP_ORIGIN, undefined]) {
      const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
      if (origin) headers["origin"] = origin;
      const faults = await send("POST", "/_emulator/faults", headers, JSON.stringify({ rules: [] }));
      expect(faults.status).toBe(200);
      expect((await send("DELETE", "/_emulator/faults", headers)).status).toBe(200);
    }
    // A POST with no body at all, as the SDK-less helpers send it.
    expect((await json(emu, "POST", "/_emulator/webhooks/deliver")).status).toBe(200);
    expect((await json(emu, "POST", "/_emulator/reset")).status).toBe(200);
  });

  it("refuses every control route to another origin, whatever the method", async () => {
    const routes: [string, string][] = [
      ["GET", "/_emulator/health"],
      ["GET", "/_emulator/faults"],
      ["GET", "/_emulator/webhooks/deliveries"],
      ["GET", "/_emulator/checkout/sessions/by-secret/cs_test_x_secret_y"],
      ["POST", "/_emulator/faults"],
      ["POST", "/_emulator/checkout/sessions/cs_test_x/confirm"],
      ["POST", "/_emulator/payment_intents/pi_x/authenticate"],
      ["DELETE", "/_emulator/faults"],
    ];
    for (const origin of [EVIL_ORIGIN, "null", `http://127.0.0.1:${emu.port + 1}`]) {
      for (const [method, path] of routes) {
        const body = method === "GET" ? undefined : "{}";
        const headers: Record<string, string> = { origin };
        if (body) headers["content-type"] = "application/json";
        const answer = await send(method, path, headers, body);
        expect([method, path, answer.status]).toEqual([method, path, 403]);
        expect(answer.body.error?.type).toBe("invalid_request_error");
      }
    }
  });

  it("grants no CORS preflight, so another site cannot send JSON at all", async () => {
    const preflight = await send("OPTIONS", "/_emulator/reset", {
      origin: EVIL_ORIGIN,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
  });
});

describe("GET /_emulator/world", () => {
  it("shows the keys to non-browser callers and the emulator's own pages", async () => {
    const callers: Record<string, string>[] = [
      {},
      { "sec-fetch-site": "same-origin", origin: emu.url },
      { "sec-fetch-site": "none" },
      { origin: emu.url },
    ];
    for (const headers of callers) {
      const answer = await send("GET", "/_emulator/world", headers);
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain(KEYS.rides);
    }
  });

  it("keeps the keys from any other page, the app's included", async () => {
    const callers: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: APP_ORIGIN },
      { origin: APP_ORIGIN },
      { "sec-fetch-site": "cross-site", origin: EVIL_ORIGIN },
    ];
    for (const headers of callers) {
      const answer = await send("GET", "/_emulator/world", headers);
      expect(answer.status).toBe(403);
      expect(answer.body.error?.message).toMatch(/world/);
      expect(JSON.stringify(answer.body)).not.toContain(KEYS.rides);
    }
  });
});
