import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import Stripe from "stripe";
import { afterAll, beforeEach } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions } from "../src/index.js";

export const KEYS = {
  rides: "sk_test_rides_emulator_0001",
  deliveries: "sk_test_deliveries_emulator_0001",
  platform: "sk_test_platform_emulator_0001",
  org: "sk_org_test_rocketgroup_emulator_0001",
  ridesPk: "pk_test_rides_emulator_0001",
} as const;

/** The card the checkout page's form submits in these tests (the control API's `card`). */
export const VISA = {
  number: "4242424242424242",
  exp_month: 12,
  exp_year: 2034,
  cvc: "123",
  name: "Jenny Rosen",
  country: "US",
  postal_code: "94103",
};

export const ACCOUNTS = {
  rides: "acct_1RocketRides00001",
  deliveries: "acct_1RocketDeliver0001",
  platform: "acct_1RocketPlatform001",
  ridesConnected: "acct_1RocketRidesCnct01",
  deliveriesConnected: "acct_1RocketDelivCnct01",
} as const;

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({ dataFile: ":memory:", port: 0, appUrl: "http://127.0.0.1:9", ...opts });
}

export function client(emu: Emulator, key: string, config: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(key, {
    host: "127.0.0.1",
    port: emu.port,
    protocol: "http",
    maxNetworkRetries: 0,
    ...config,
  });
}

/** A test file's emulator and an SDK client for each of the default world's keys. */
export type FileEmulator = { emu: Emulator } & Record<keyof typeof KEYS, Stripe>;

/**
 * One emulator for the whole test file, awaited at the file's top level: closed after its last
 * test and emptied before each test, unless `resetBeforeEach: false` (files whose tests do not
 * care what the others left behind skip the reset).
 */
export async function emulatorForFile(
  options: EmulatorOptions = {},
  { resetBeforeEach = true }: { resetBeforeEach?: boolean } = {},
): Promise<FileEmulator> {
  const emu = await startEmulator(options);
  afterAll(() => emu.close());
  if (resetBeforeEach) beforeEach(() => emu.reset());
  const clients = Object.fromEntries(
    Object.entries(KEYS).map(([name, key]) => [name, client(emu, key)]),
  ) as Record<keyof typeof KEYS, Stripe>;
  return { emu, ...clients };
}

/** Raw form POST like curl -d. */
export async function rawPost(
  emu: Emulator,
  path: string,
  form: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = typeof form === "string" ? form : new URLSearchParams(form).toString();
  const res = await fetch(`${emu.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export async function rawGet(
  emu: Emulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${emu.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export function basic(key: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
}

export async function json(
  emu: Emulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const init: RequestInit = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${emu.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** An answer as it came over the wire: status, headers and the body's text. */
export interface WireAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Raw HTTP through node:http: the path goes out byte for byte (a malformed escape included),
 * every header exactly as given (Origin, Sec-Fetch-Site as a browser sends them), the body unparsed.
 */
export function rawRequest(
  emu: Emulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const length: Record<string, string> =
      body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const req = httpRequest(`${emu.url}${path}`, { method, headers: { ...headers, ...length } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
