import { vi } from "vitest";

/**
 * Runs before each of the app's test files. The files of a worker share one module graph (each
 * importing the app's and its libraries' modules anew cost more than the tests themselves), but
 * the app's modules read the environment once and keep their clients. So each file starts as if
 * it were alone: the environment the worker started with, none of the app's modules loaded yet
 * (the libraries in node_modules stay loaded), and none of what the app keeps on `globalThis`.
 */
const WORKER_ENVIRONMENT = "rocketWorkerEnvironment";
const worker = globalThis as typeof globalThis & Record<string, unknown>;

worker[WORKER_ENVIRONMENT] ??= { ...process.env };
const startingEnvironment = worker[WORKER_ENVIRONMENT] as Record<string, string | undefined>;
for (const name of Object.keys(process.env)) {
  if (!(name in startingEnvironment)) delete process.env[name];
}
Object.assign(process.env, startingEnvironment);
// Everything the app keeps on `globalThis` has a `rocket…` name (the Prisma client, the org caches).
for (const name of Object.keys(worker)) {
  if (name.startsWith("rocket") && name !== WORKER_ENVIRONMENT) delete worker[name];
}
vi.resetModules();
