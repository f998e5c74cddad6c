import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { startMailCatcher, type InProcessMailCatcher } from "../../test/support/mail-catcher";

/**
 * A deployment in miniature: one Stripe emulator, two production app instances on one
 * PostgreSQL database, and a front proxy at APP_URL. Browsers and the tests address each
 * instance directly; Stripe's webhook deliveries reach the proxy, which sends every
 * delivery to BOTH instances at once (as a retry landing on the other instance of a load
 * balancer would) and notes what each answered.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ClusterPorts {
  proxy: number;
  instances: [number, number];
  emulator: number;
}

export interface Instance {
  name: "A" | "B";
  url: string;
  process: ChildProcess;
  /** SIGKILL, the way a crashed machine stops: no shutdown hooks run. */
  kill(): Promise<void>;
}

/** What one instance answered to one webhook delivery. */
export interface WebhookAnswer {
  instance: "A" | "B";
  eventId: string;
  account: string;
  status: number;
  outcome: string | null;
}

export interface Cluster {
  appUrl: string;
  emulatorUrl: string;
  databaseUrl: string;
  instances: [Instance, Instance];
  webhookAnswers: WebhookAnswer[];
  /** The SMTP server both instances send their mail to (receipts). */
  mail: InProcessMailCatcher;
  stop(): Promise<void>;
}

const NEXTAUTH_SECRET = "instances-test-secret-0123456789abcdefghijkl";

/** Failed sign-ins one client may make against one account, across every instance. */
export const FAILED_SIGNINS_PER_CLIENT = 4;

async function waitForHealth(url: string, process: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${url}: the server exited (${process.exitCode})`);
    const healthy = await fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become healthy in ${timeoutMs} ms`);
}

function start(command: string, args: string[], env: Record<string, string>, label: string): ChildProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // Its own process group, so a kill reaches whatever it forks.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) console.log(`[${label}] ${line}`);
  };
  child.stdout?.on("data", echo);
  child.stderr?.on("data", echo);
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return Promise.resolve();
  }
  return exited;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function forward(
  target: string,
  request: http.IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url ?? "/", target);
    const outgoing = http.request(
      url,
      { method: request.method, headers: { ...request.headers, host: url.host } },
      (response) => {
        void readBody(response).then(
          (responseBody) =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: responseBody }),
          reject,
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function eventOf(body: Buffer): { eventId: string; account: string } {
  try {
    const event = JSON.parse(body.toString("utf8")) as { id?: string; context?: string; account?: string };
    return { eventId: event.id ?? "?", account: event.context ?? event.account ?? "?" };
  } catch {
    return { eventId: "?", account: "?" };
  }
}

function startProxy(
  port: number,
  instances: () => readonly Instance[],
  answers: WebhookAnswer[],
): Promise<http.Server> {
  let next = 0;
  const server = http.createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const alive = instances();
      const fail = (status: number) => response.writeHead(status).end();
      if (request.url?.startsWith("/api/webhooks/")) {
        const { eventId, account } = eventOf(body);
        const results = await Promise.all(
          alive.map(async (instance) => {
            const result = await forward(instance.url, request, body).catch(() => null);
            let outcome: string | null = null;
            try {
              outcome = result
                ? ((JSON.parse(result.body.toString()) as { outcome?: string }).outcome ?? null)
                : null;
            } catch {
              outcome = null;
            }
            answers.push({ instance: instance.name, eventId, account, status: result?.status ?? 0, outcome });
            return result;
          }),
        );
        const ok = results.find((result) => result && result.status < 300);
        const answer = ok ?? results.find((result) => result);
        if (!answer) return fail(502);
        response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
        return;
      }
      // Everything else: round robin, as a load balancer would.
      const instance = alive[next++ % alive.length];
      if (!instance) return fail(502);
      const result = await forward(instance.url, request, body).catch(() => null);
      if (!result) return fail(502);
      response.writeHead(result.status, result.headers).end(result.body);
    })().catch(() => response.writeHead(502).end());
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

/** Resets the database, then starts the emulator, both instances and the proxy. */
export async function startCluster(options: {
  databaseUrl: string;
  ports: ClusterPorts;
  strategy: string;
}): Promise<Cluster> {
  const { databaseUrl, ports, strategy } = options;
  const appUrl = `http://127.0.0.1:${ports.proxy}`;
  const emulatorUrl = `http://127.0.0.1:${ports.emulator}`;
  const dbEnv = { ...process.env, DATABASE_URL: databaseUrl };
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");
  execFileSync(tsx, ["scripts/db.ts", "reset", "--force"], { cwd: ROOT, env: dbEnv, stdio: "ignore" });
  execFileSync(tsx, ["prisma/seed.ts"], { cwd: ROOT, env: dbEnv, stdio: "ignore" });

  // Started before any server, so a failure here leaves no process behind.
  const mail = await startMailCatcher();
  const emulatorData = path.join(ROOT, `.data/instances-emulator-${ports.emulator}.sqlite`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${emulatorData}${suffix}`, { force: true });
  const emulator = start(
    path.join(ROOT, "node_modules/.bin/stripe-emulator"),
    [],
    { STRIPE_EMULATOR_PORT: String(ports.emulator), STRIPE_EMULATOR_DATA: emulatorData, APP_URL: appUrl },
    "emulator",
  );

  const appEnv = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET,
    STRIPE_API_BASE: emulatorUrl,
    SMTP_URL: mail.smtpUrl,
    SHARING_STRATEGY: strategy,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    // The front proxy's X-Forwarded-For names the client (the tests set it as that proxy would).
    TRUSTED_PROXY_HOPS: "1",
    AUTH_MAX_FAILED_SIGNINS_PER_CLIENT: String(FAILED_SIGNINS_PER_CLIENT),
    // One shopper submits 100 checkouts in a second here, on purpose.
    CHECKOUT_MAX_SESSIONS_PER_USER: "1000",
    CHECKOUT_MAX_SESSIONS_PER_IP: "10000",
  };
  const next = path.join(ROOT, "node_modules/next/dist/bin/next");
  const startInstance = (name: "A" | "B", port: number): Instance => {
    const child = start(
      process.execPath,
      [next, "start", "--hostname", "127.0.0.1", "--port", String(port)],
      appEnv,
      `instance ${name}`,
    );
    return { name, url: `http://127.0.0.1:${port}`, process: child, kill: () => killGroup(child, "SIGKILL") };
  };
  const instances: [Instance, Instance] = [
    startInstance("A", ports.instances[0]),
    startInstance("B", ports.instances[1]),
  ];
  const webhookAnswers: WebhookAnswer[] = [];
  const proxy = await startProxy(
    ports.proxy,
    () => instances.filter((instance) => instance.process.exitCode === null && !instance.process.signalCode),
    webhookAnswers,
  );
  await Promise.all([
    waitForHealth(`${emulatorUrl}/_emulator/health`, emulator),
    ...instances.map((instance) => waitForHealth(`${instance.url}/api/health`, instance.process)),
  ]);

  return {
    appUrl,
    emulatorUrl,
    databaseUrl,
    instances,
    webhookAnswers,
    mail,
    async stop() {
      await Promise.all([...instances.map((instance) => killGroup(instance.process, "SIGTERM"))]);
      await killGroup(emulator, "SIGTERM");
      await new Promise((resolve) => proxy.close(resolve));
      await mail.close();
    },
  };
}
