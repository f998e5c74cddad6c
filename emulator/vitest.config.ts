import { defineConfig } from "vitest/config";

// The package's own test run (`npm test` in this folder); the repository root's
// vitest config runs the same files beside the app's.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
