/**
 * `npm run bench`: the app benchmarks, then the emulator's (raw HTTP throughput, CPU per
 * operation, flat lists, memory after 100,000 objects). Figures are medians on a shared
 * machine: compare the ratios, not the absolute times. Then, after `npm run build`, the browser
 * benchmarks (bench/browser: checkout navigation → saved card visible).
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
  const browser = spawnSync("npx", ["playwright", "test", "-c", "bench/browser/playwright.config.ts"], {
    stdio: "inherit",
    env: { ...process.env, E2E_APP_PORT: "3300", E2E_EMULATOR_PORT: "12321" },
  });
  if (browser.status !== 0) process.exit(browser.status ?? 1);
} else {
  console.log("\nBrowser benchmarks skipped: run `npm run build` first.");
}
