import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/**
 * Which Chromium to drive: CHROMIUM_PATH if set, else Playwright's own build when
 * it was downloaded, else Debian's package (machines without browser downloads).
 */
export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(chromium.executablePath())) return undefined;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

// Debian's Chromium runs as root on a closed network: no sandbox, no background calls home.
export const DEBIAN_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
