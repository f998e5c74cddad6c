/**
 * Starts the e2e servers (the same ones playwright.config.ts starts, with the same
 * settings), waits until they answer, then runs a command against them as against any
 * deployment (E2E_BASE_URL, E2E_EMULATOR_URL), and stops them when it ends:
 *
 *   npx tsx e2e/support/serve.ts -- npm run test:e2e
 *
 * `npm test` runs one strategy's e2e tests this way, so the suite is proven against
 * servers it did not start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { E2E_APP_URL, E2E_EMULATOR_URL, E2E_SERVER_ENV, E2E_SERVERS } from "./servers";

const separator = process.argv.indexOf("--");
const [command, ...args] = separator === -1 ? [] : process.argv.slice(separator + 1);
if (!command) {
  console.error("usage: tsx e2e/support/serve.ts -- <command> [args…]");
  process.exit(2);
}

const env = { ...process.env, ...E2E_SERVER_ENV };
const servers: ChildProcess[] = [];

function stopServers(): void {
  // Each server is its own process group (npm → sh → node): stop the whole group.
  for (const server of servers) {
    if (server.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  }
}

async function waitUntilAnswering(name: string, url: string, timeoutMs: number, server: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`${name} exited (${server.exitCode}) before answering ${url}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<number> {
  for (const { name, command: serverCommand, url, timeout } of E2E_SERVERS) {
    const server = spawn("sh", ["-c", serverCommand], { env, stdio: "inherit", detached: true });
    servers.push(server);
    await waitUntilAnswering(name, url, timeout, server);
  }
  const run = spawn(command!, args, {
    stdio: "inherit",
    env: {
      ...process.env,
      // The addresses the servers were configured with (APP_URL): the app checks origins against it.
      E2E_BASE_URL: E2E_APP_URL,
      E2E_EMULATOR_URL,
    },
  });
  return new Promise((resolve) => run.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopServers();
    process.exit(1);
  });
}
main()
  .then((code) => {
    stopServers();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    stopServers();
    process.exit(1);
  });
