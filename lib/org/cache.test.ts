import { describe, expect, it } from "vitest";
import { TtlCache } from "@/lib/org/cache";

describe("TtlCache", () => {
  it("shares one load between concurrent misses, expires, and forgets failures", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get("a", load)).toBe(1);
    now = 1000;
    expect(await cache.get("a", load)).toBe(2);
    await expect(cache.get("b", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("b", load)).toBe(3);
    cache.delete("b");
    expect(await cache.get("b", load)).toBe(4);
  });
});
