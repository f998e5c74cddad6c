import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, expect, test } from "@playwright/test";
import { chromiumExecutable, DEBIAN_CHROMIUM_ARGS } from "../../e2e/support/chromium";
import { E2E_APP_URL } from "../../e2e/support/servers";
import { deliveriesCart, shopperWithSavedCard } from "./shopper";

/**
 * Lighthouse performance and accessibility of the home page, a storefront and a
 * checkout (targets: performance ≥ 0.98, accessibility 1.0), with the desktop
 * preset and the default mobile one (simulated slow 4G and a 4× slower CPU).
 * The checkout is scored signed in, with a card saved at the other brand, so
 * the embedded Checkout shows its one-click form.
 */
const PORT = 9333;

/**
 * Lighthouse's CLI, fetched from the npm registry when the benchmark runs: its 84 packages
 * (a browser driver and telemetry among them) are not installed with the project's, since
 * nothing else needs them.
 */
const LIGHTHOUSE = "lighthouse@13.5.0";

/** The parts of Lighthouse's JSON result (its `lhr`) this benchmark reads. */
interface LighthouseResult {
  finalDisplayedUrl: string;
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { id: string; title: string; score: number | null; displayValue?: string }>;
}

async function lighthouse(url: string, preset: "desktop" | "mobile"): Promise<LighthouseResult> {
  const { stdout } = await promisify(execFile)(
    "npx",
    [
      "--yes",
      LIGHTHOUSE,
      url,
      `--port=${PORT}`,
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      "--only-categories=performance,accessibility",
      // Keep the signed-in session and the cart.
      "--disable-storage-reset",
      ...(preset === "desktop" ? ["--preset=desktop"] : []),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LighthouseResult;
}

test("Lighthouse scores of the home page, a storefront and a checkout", async () => {
  test.setTimeout(600_000);
  const profile = mkdtempSync(path.join(tmpdir(), "rocket-lighthouse-"));
  const executablePath = chromiumExecutable({ fullBrowser: true });
  // Lighthouse opens its own tabs in the browser's default profile: sign in there.
  const context = await chromium.launchPersistentContext(profile, {
    ...(executablePath ? { executablePath } : {}),
    args: [...DEBIAN_CHROMIUM_ARGS, `--remote-debugging-port=${PORT}`],
    baseURL: E2E_APP_URL,
  });
  try {
    const page = await context.newPage();
    await shopperWithSavedCard(page, "Lighthouse Shopper");
    await deliveriesCart(page);

    const pages = [
      ["home", "/"],
      ["storefront", "/rides"],
      ["checkout", "/deliveries/checkout"],
    ] as const;
    const rows: string[] = [];
    for (const preset of ["desktop", "mobile"] as const) {
      for (const [name, url] of pages) {
        const { categories, audits, finalDisplayedUrl } = await lighthouse(`${E2E_APP_URL}${url}`, preset);
        expect(finalDisplayedUrl, "scored the page itself, not a sign-in redirect").toBe(
          `${E2E_APP_URL}${url}`,
        );
        rows.push(
          `  ${preset.padEnd(8)} ${name.padEnd(11)} performance ${categories.performance?.score ?? "n/a"}` +
            `  accessibility ${categories.accessibility?.score ?? "n/a"}` +
            `  (LCP ${audits["largest-contentful-paint"]?.displayValue ?? "?"},` +
            ` TBT ${audits["total-blocking-time"]?.displayValue ?? "?"},` +
            ` CLS ${audits["cumulative-layout-shift"]?.displayValue ?? "?"})`,
        );
        const failing = Object.values(audits).filter(
          (audit) =>
            audit.score !== null &&
            audit.score < 1 &&
            categories.accessibility?.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0),
        );
        for (const audit of failing) rows.push(`      accessibility: ${audit.id} — ${audit.title}`);
      }
    }
    console.log(`\nLighthouse (targets: performance ≥ 0.98, accessibility 1.0)\n${rows.join("\n")}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
