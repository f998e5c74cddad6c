import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, test } from "@playwright/test";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
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
    for (const [preset, config] of [
      ["desktop", desktopConfig],
      ["mobile", undefined],
    ] as const) {
      for (const [name, url] of pages) {
        const result = await lighthouse(
          `${E2E_APP_URL}${url}`,
          {
            port: PORT,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility"],
            // Keep the signed-in session and the cart.
            disableStorageReset: true,
          },
          config,
        );
        const categories = result?.lhr.categories;
        const audits = result?.lhr.audits;
        const landed = result?.lhr.finalDisplayedUrl ?? "";
        expect(landed, "scored the page itself, not a sign-in redirect").toBe(`${E2E_APP_URL}${url}`);
        rows.push(
          `  ${preset.padEnd(8)} ${name.padEnd(11)} performance ${categories?.performance?.score ?? "n/a"}` +
            `  accessibility ${categories?.accessibility?.score ?? "n/a"}` +
            `  (LCP ${audits?.["largest-contentful-paint"]?.displayValue ?? "?"},` +
            ` TBT ${audits?.["total-blocking-time"]?.displayValue ?? "?"},` +
            ` CLS ${audits?.["cumulative-layout-shift"]?.displayValue ?? "?"})`,
        );
        const failing = Object.values(audits ?? {}).filter(
          (audit) =>
            audit.score !== null &&
            audit.score < 1 &&
            categories?.accessibility?.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0),
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
