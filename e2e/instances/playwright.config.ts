import { defineConfig } from "@playwright/test";

// Two production instances on one PostgreSQL (see cluster.ts): HTTP only, no browser.
// Needs `npm run build` first, like the e2e suite.
export default defineConfig({
  testDir: ".",
  outputDir: "../../test-results/instances",
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
});
