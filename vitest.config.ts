import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; unit tests run the
      // same server modules directly in Node.
      "server-only": path.resolve(import.meta.dirname, "test/support/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "emulator/test/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
