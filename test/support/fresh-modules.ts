import { vi } from "vitest";

/**
 * Runs before each of the app's test files. The files of a worker share one module graph (each
 * importing the app's and its libraries' modules anew cost more than the tests themselves), but
 * the app's modules read the environment once and keep their clients. So each file starts as if
 * it were alone: the environment the worker started with, none of the app's modules loaded yet
 * (the libraries in node_modules stay loaded), and none of what the app keeps on `globalThis`.
 */
const worker = globalThis as typeof globalThis & {
  rocketWorkerEnvironment?: Record<string, string | undefined>;
  rocketPrisma?: unknown;
  rocketOrgCaches?: unknown;
};

worker.rocketWorkerEnvironment ??= { ...process.env };
const startingEnvironment = worker.rocketWorkerEnvironment;
for (const name of Object.keys(process.env)) {
  if (!(name in startingEnvironment)) delete process.env[name];
}
Object.assign(process.env, startingEnvironment);
delete worker.rocketPrisma;
delete worker.rocketOrgCaches;
vi.resetModules();
