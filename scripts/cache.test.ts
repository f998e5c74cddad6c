import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const CACHE_SCRIPT = path.resolve("scripts/cache.sh");

let root: string;
let cacheHome: string;

/** Runs bash in `cwd` with scripts/cache.sh sourced and the cache under a folder of the test's own. */
function withCache(cwd: string, script: string): string {
  return execFileSync("bash", ["-c", `set -euo pipefail; source "${CACHE_SCRIPT}"; ${script}`], {
    cwd,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    encoding: "utf8",
  });
}

function checkout(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "rocket-cache-"));
  cacheHome = path.join(root, "cache-home");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the cache one checkout leaves for the next", () => {
  it("gives a new checkout what an earlier one saved, and never replaces a checkout's own", () => {
    const first = checkout("first");
    mkdirSync(path.join(first, "tree"));
    writeFileSync(path.join(first, "tree", "file"), "saved");
    withCache(first, "cache_save tree entry");

    const second = checkout("second");
    withCache(second, "cache_restore entry tree");
    expect(readFileSync(path.join(second, "tree", "file"), "utf8")).toBe("saved");

    const own = checkout("own");
    mkdirSync(path.join(own, "tree"));
    writeFileSync(path.join(own, "tree", "file"), "mine");
    expect(() => withCache(own, "cache_restore entry tree")).toThrow();
    expect(readFileSync(path.join(own, "tree", "file"), "utf8")).toBe("mine");
    // Nothing half-copied is left behind.
    expect(readdirSync(own)).toEqual(["tree"]);
  });

  it("reports a missing entry without creating anything", () => {
    const dir = checkout("empty");
    expect(() => withCache(dir, "cache_restore nothing-here tree")).toThrow();
    expect(existsSync(path.join(dir, "tree"))).toBe(false);
  });

  it("keeps the two newest entries of a kind", () => {
    const dir = checkout("saver");
    writeFileSync(path.join(dir, "file"), "x");
    for (const [index, id] of ["aaa", "bbb", "ccc"].entries()) {
      withCache(dir, `cache_save file kind-${id} kind-`);
      const saved = path.join(cacheHome, "rocket-checkout", `kind-${id}`);
      const when = new Date(Date.now() - (3 - index) * 60_000);
      utimesSync(saved, when, when);
    }
    withCache(dir, "cache_save file other-entry");
    withCache(dir, "cache_save file kind-ddd kind-");
    expect(readdirSync(path.join(cacheHome, "rocket-checkout")).sort()).toEqual([
      "kind-ccc",
      "kind-ddd",
      "other-entry",
    ]);
  });

  it("moves a cache that names files by absolute path to a checkout elsewhere", () => {
    const first = checkout("first");
    const second = checkout("elsewhere");
    const results = (dir: string) =>
      JSON.stringify({ [`${dir}/lib/money.ts`]: "1", other: `${dir}-not-a-file` });
    writeFileSync(path.join(first, "results"), results(first));
    withCache(first, "cache_save_with_paths results lint");

    withCache(second, "cache_restore_with_paths lint results");
    expect(JSON.parse(readFileSync(path.join(second, "results"), "utf8"))).toEqual({
      [`${second}/lib/money.ts`]: "1",
      other: `${first}-not-a-file`,
    });
  });
});
