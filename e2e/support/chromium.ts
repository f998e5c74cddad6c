import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

// Debian's packages: the full browser, and the headless shell (the same engine without the
// desktop browser around it: about 40 % less CPU per test on our 2 cores).
const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";

/** Whether this run shows a browser window (`--headed`, `--debug`, `--ui`, PWDEBUG). */
function headed(): boolean {
  return !!process.env.PWDEBUG || process.argv.some((arg) => ["--headed", "--debug", "--ui"].includes(arg));
}

/**
 * Which Chromium to drive: CHROMIUM_PATH if set, else Playwright's own build when it was
 * downloaded, else Debian's packages (machines without browser downloads): the headless shell
 * for headless runs, unless `fullBrowser` (Lighthouse measures what a shopper's browser does).
 */
export function chromiumExecutable({ fullBrowser = false } = {}): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(chromium.executablePath())) return undefined;
  if (!fullBrowser && !headed() && existsSync(DEBIAN_HEADLESS_SHELL)) return DEBIAN_HEADLESS_SHELL;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
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
