import { test } from "@playwright/test";

/**
 * First-load JS per page: the app's own scripts as they travel (compressed, as
 * `next start` serves them), for a first visit with an empty cache. Target for a
 * storefront: ≤ 150 kB. The Checkout iframe's scripts are Stripe's (here the
 * emulator's), not the app's, and are not counted.
 */
test("first-load JS of the home page, a storefront and sign-in", async ({ browser, baseURL }) => {
  const rows: string[] = [];
  for (const url of ["/", "/rides", "/signin"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on("requestfinished", (request) => {
      if (request.resourceType() === "script" && request.url().startsWith(baseURL ?? "")) {
        const size = request.sizes().then((sizes) => sizes.responseBodySize);
        // BENCH_VERBOSE=1 lists every script, to find what grew.
        if (process.env.BENCH_VERBOSE)
          void size.then((bytes) => console.log(`  ${url} ${request.url()} ${bytes}`));
        scripts.push(size);
      }
    });
    await page.goto(url, { waitUntil: "networkidle" });
    const bytes = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
    rows.push(`  ${url.padEnd(8)} ${(bytes / 1024).toFixed(1).padStart(6)} kB in ${scripts.length} scripts`);
    await context.close();
  }
  console.log(`\nFirst-load JS, compressed (target: storefront ≤ 150 kB)\n${rows.join("\n")}`);
});
