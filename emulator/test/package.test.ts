import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator, DEFAULT_WORLD_FILE, type Emulator } from "@rocket-checkout/stripe-emulator";
import { parseWorld } from "@rocket-checkout/stripe-emulator/config";
import defaultWorld from "@rocket-checkout/stripe-emulator/default-world.json";

// What another project gets when it depends on the package: everything here is reached by the
// package's name, the way node_modules resolves it, never by a path into this folder.
const PACKAGE = "@rocket-checkout/stripe-emulator";
const require = createRequire(import.meta.url);

let running: Emulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("the package, as another project depends on it", () => {
  it("starts an emulator from its package name that the official SDK talks to", async () => {
    running = await createEmulator({ dataFile: ":memory:", port: 0 });
    const stripe = new Stripe("sk_test_rides_emulator_0001", {
      host: "127.0.0.1",
      port: running.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const customer = await stripe.customers.create({ email: "jenny@example.com" });
    expect(customer.id).toMatch(/^cus_/);
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
  });

  it("exports the world schema, which accepts the default world it also exports", () => {
    const world = parseWorld(defaultWorld, "http://127.0.0.1:3000");
    expect(world.raw.accounts.map((a) => a.id)).toContain("acct_1RocketRides00001");
    expect(JSON.parse(readFileSync(DEFAULT_WORLD_FILE, "utf8"))).toEqual(defaultWorld);
    expect(() => parseWorld({ accounts: "none" }, "http://127.0.0.1:3000")).toThrow();
  });

  it("keeps its source files private: a path past its exports is refused", async () => {
    const deep = `${PACKAGE}/src/server.ts`;
    // Node's and Vite's wording for the same refusal.
    const refused = /["']\.\/src\/server\.ts["'] is not (defined by "exports"|exported)/;
    await expect(import(/* @vite-ignore */ deep)).rejects.toThrow(refused);
    expect(() => require.resolve(deep)).toThrow(refused);
  });

  it("runs as the stripe-emulator command and stops cleanly on SIGTERM", async () => {
    const manifest = require(`${PACKAGE}/package.json`) as { bin: Record<string, string> };
    const bin = manifest.bin["stripe-emulator"];
    expect(bin).toBeDefined();
    const root = path.dirname(require.resolve(`${PACKAGE}/package.json`));
    const child = spawn(process.execPath, [path.join(root, bin ?? "")], {
      env: { ...process.env, STRIPE_EMULATOR_PORT: "0", STRIPE_EMULATOR_DATA: ":memory:" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const listening = /Stripe emulator listening on (http:\/\/\S+) \(world: 5 accounts\)/.exec(out);
        if (listening?.[1]) resolve(listening[1]);
      });
      void exited.then((code) => reject(new Error(`stripe-emulator exited (${String(code)}): ${out}`)));
    });
    const health = await fetch(`${url}/_emulator/health`);
    expect(health.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
