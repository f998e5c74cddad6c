import { availableParallelism } from "node:os";
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
    environment: "node",
    pool: "forks",
    // One worker per core, not Vitest's cores − 1: the tests wait on sockets and databases much of
    // the time, and on 2 cores a second worker took the run from 76 s to 55 s.
    maxWorkers: availableParallelism(),
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "app",
          // In worker threads (each with its own copy of the environment) the run costs less than in
          // child processes: 64 core-s instead of 81, and 37 s instead of 46, back to back.
          pool: "threads",
          // The app's modules read the environment once and keep their clients, so each file starts
          // with none of them loaded, pointed at its own database and emulator
          // (test/support/fresh-modules.ts); the libraries stay loaded in the worker, since
          // importing them again for each file cost more than the tests themselves.
          isolate: false,
          setupFiles: ["test/support/fresh-modules.ts"],
          // The schema engine's glue is loaded with each file's `scripts/db.ts`, which hands it a
          // new WebAssembly instance: a glue kept from an earlier file would read the old one's memory.
          server: { deps: { inline: ["@prisma/schema-engine-wasm"] } },
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
          // The migrated databases each test world copies, made once per run.
          globalSetup: ["test/support/database-template.ts"],
        },
      },
      // The emulator is a package with its own test settings: its run is the one it has alone.
      "emulator/vitest.config.ts",
    ],
  },
});
