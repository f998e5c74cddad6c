/**
 * `npm run bench`: the app benchmarks (and the Stripe round trips on the checkout path, in both
 * sharing strategies), then the emulator's (raw HTTP throughput, CPU per
 * operation, flat lists, memory after 100,000 objects). Figures are medians on a shared
 * machine: compare the ratios, not the absolute times. Then, after `npm run build`, the browser
 * benchmarks (bench/browser: checkout navigation → saved card visible; the other brand's
 * Checkout click → saved card visible with 250 ms per Stripe call, in both strategies).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (script: string, ...args: string[]) => {
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", script, ...args],
    { stdio: "inherit" },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run("bench/app.ts");
run("bench/round-trips.ts");
// The emulator's own benchmark, as its package runs it.
const emulatorBench = spawnSync(
  "npm",
  [
    "run",
    "--silent",
    "bench",
    "--workspace",
    "@rocket-checkout/stripe-emulator",
    "--",
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);
if (emulatorBench.status !== 0) process.exit(emulatorBench.status ?? 1);
// Shopper-visible timings need the production build the e2e suite also uses.
if (existsSync(".next/BUILD_ID")) {
  const browser = (strategy: string, ...specs: string[]) =>
    spawnSync("npx", ["playwright", "test", "-c", "bench/browser/playwright.config.ts", ...specs], {
      stdio: "inherit",
      env: { ...process.env, E2E_APP_PORT: "3300", E2E_EMULATOR_PORT: "12321", SHARING_STRATEGY: strategy },
    });
  const organization = browser("organization");
  if (organization.status !== 0) process.exit(organization.status ?? 1);
  // The round trips differ by strategy: that one runs again under the other.
  const connectClone = browser("connect-clone", "round-trip");
  if (connectClone.status !== 0) process.exit(connectClone.status ?? 1);
} else {
  console.log("\nBrowser benchmarks skipped: run `npm run build` first.");
}
