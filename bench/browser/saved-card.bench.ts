import { expect, test } from "@playwright/test";

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
  const email = `bench-${Date.now().toString(36)}@example.com`;
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Create account" });
  await form.getByLabel("Name").fill("Bench Shopper");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill("bench-shopper-2026");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("banner").getByTestId("current-user")).toHaveText("Bench Shopper");

  // Save a card at Rocket Rides.
  await page.goto("/rides");
  await page.getByRole("button", { name: "Add to cart: City ride" }).click();
  await page
    .getByRole("complementary", { name: "Your cart" })
    .getByRole("link", { name: "Checkout" })
    .click();
  const frame = page.frameLocator('iframe[title="Secure checkout"]');
  await frame.getByLabel("Card number").fill("4242 4242 4242 4242");
  await frame.getByLabel("Expiration").fill("12 / 34");
  await frame.getByLabel("CVC").fill("123");
  await frame.getByLabel("Cardholder name").fill("Bench Shopper");
  const postal = frame.getByLabel("Postal code");
  if (await postal.isVisible()) await postal.fill("94103");
  await frame.getByRole("checkbox", { name: /Save my card/ }).check();
  await frame.getByRole("button", { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/checkout\/return\?session_id=/);

  const cart = JSON.stringify([{ productId: "grocery-run", quantity: 1 }]);
  const savedCard = frame.getByRole("radio", { name: /Visa •••• 4242/ });
  const timings: number[] = [];
  for (let visit = -3; visit < VISITS; visit++) {
    // A fresh cart submission each time: a new Checkout Session, as a new purchase makes.
    await page.evaluate((value) => {
      window.sessionStorage.clear();
      window.localStorage.setItem("rocket-cart:deliveries", value);
    }, cart);
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
