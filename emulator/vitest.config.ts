import { defineConfig } from "vitest/config";

// The package's own test run (`npm test` in this folder); the repository root's
// vitest config runs the same files beside the app's.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Each test file starts its own emulator (test/helpers.ts) and no module keeps state, so the
    // files share one module graph per worker: importing it anew for each file cost more than the
    // tests themselves.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
