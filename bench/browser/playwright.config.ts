import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";

const root = fileURLToPath(new URL("../..", import.meta.url));
const servers = Array.isArray(base.webServer) ? base.webServer : base.webServer ? [base.webServer] : [];

/**
 * `npm run bench:browser` (after `npm run build`): shopper-visible timings in the
 * real browser, against the same production servers the e2e suite starts.
 */
export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "*.bench.ts",
  outputDir: "../../test-results/bench",
  reporter: [["list"]],
  // The servers' commands run from the repository root, as in the e2e config.
  webServer: servers.map((server) => ({ ...server, cwd: root })),
});
