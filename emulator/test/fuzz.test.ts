import { describe, expect, it } from "vitest";
import { apiRoutes } from "../src/resources/index.js";
import { emulatorForFile, KEYS } from "./helpers.js";

const { emu } = await emulatorForFile({}, { resetBeforeEach: false });

/** Deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VALUES = [
  "",
  "abc",
  "-1",
  "0",
  "1",
  "true",
  "99999999999999999999999",
  "1.5",
  "null",
  "cus_x",
  "pm_card_visa",
  "tok_visa",
  "%00",
  "💳",
  "a".repeat(5000),
  "{CHECKOUT_SESSION_ID}",
  "embedded_page",
  "payment",
  "usd",
];
const SUFFIXES = ["", "[]", "[0]", "[a]", "[0][b]", "[][]", "[x][y][z]"];

function fuzzBody(route: (typeof apiRoutes)[number], r: () => number): string {
  const keys = [...Object.keys(route.spec), "bogus", "expand", "metadata"];
  const parts: string[] = [];
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const k = keys[Math.floor(r() * keys.length)] ?? "x";
    const suffix = SUFFIXES[Math.floor(r() * SUFFIXES.length)] ?? "";
    const v = VALUES[Math.floor(r() * VALUES.length)] ?? "";
    parts.push(`${encodeURIComponent(k)}${suffix}=${encodeURIComponent(v)}`);
  }
  return parts.join("&");
}

describe("fuzzed bad requests", () => {
  it("never answer 5xx or leak a stack trace on any /v1 route", async () => {
    const r = rng(42);
    const failures: string[] = [];
    for (const route of apiRoutes) {
      for (let i = 0; i < 60; i++) {
        const path = route.path.replace(/:([a-z]+)/g, () =>
          r() < 0.5 ? "cus_nope" : encodeURIComponent(VALUES[Math.floor(r() * VALUES.length)] || "x"),
        );
        const body = fuzzBody(route, r);
        const url = route.method === "POST" ? `${emu.url}${path}` : `${emu.url}${path}?${body}`;
        const init: RequestInit = {
          method: route.method,
          headers: {
            authorization: `Bearer ${KEYS.rides}`,
            "content-type": "application/x-www-form-urlencoded",
          },
        };
        if (route.method === "POST") init.body = body;
        const res = await fetch(url, init);
        const text = await res.text();
        if (res.status >= 500 || /\bat .+\.(ts|js):\d+/.test(text))
          failures.push(
            `${res.status} ${route.method} ${path} ${body.slice(0, 200)} → ${text.slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
