import { expect, test } from "@playwright/test";
import { checkoutFrame, deliveriesCart, shopperWithSavedCard } from "./shopper";

/**
 * Checkout page navigation → the saved card visible and selected, for a shopper
 * who saved a card at the other brand (target: ≤ 400 ms p50 on localhost with
 * the emulator). Each visit is a new purchase (a new Checkout Session).
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 25);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

test("saved card visible after navigating to the other brand's checkout", async ({ page }) => {
  test.setTimeout(180_000);
  await shopperWithSavedCard(page, "Bench Shopper");
  const frame = checkoutFrame(page);

  const savedCard = frame.getByRole("radio", { name: /Visa •••• 4242/ });
  const timings: number[] = [];
  for (let visit = -3; visit < VISITS; visit++) {
    // A fresh cart submission each time: a new Checkout Session, as a new purchase makes.
    await page.evaluate(() => window.sessionStorage.clear());
    await deliveriesCart(page);
    const start = Date.now();
    await page.goto("/deliveries/checkout", { waitUntil: "commit" });
    await savedCard.waitFor({ state: "visible" });
    const elapsed = Date.now() - start;
    await expect(savedCard).toBeChecked();
    if (visit >= 0) timings.push(elapsed); // the first visits warm the server's code paths
  }
  console.log(
    `checkout navigation → saved card visible (${VISITS} visits): ` +
      `p50 ${percentile(timings, 50)} ms, p90 ${percentile(timings, 90)} ms (target p50 ≤ 400 ms)`,
  );
});
