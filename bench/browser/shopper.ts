import { expect, type Page } from "@playwright/test";

/**
 * Signs up a new shopper in `page` and buys a City ride at Rocket Rides with a
 * saved Visa, so the next checkout at Rocket Deliveries offers it in one click.
 */
export async function shopperWithSavedCard(page: Page, name: string): Promise<void> {
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Create account" });
  await form.getByLabel("Name").fill(name);
  await form
    .getByLabel("Email")
    .fill(`bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`);
  await form.getByLabel("Password").fill("bench-shopper-password-2026");
  await form.getByRole("button", { name: "Create account" }).click();
  // Password hashing is deliberately slow, more so on a busy machine: this is not what is timed.
  await expect(page.getByRole("banner").getByTestId("current-user")).toHaveText(name, { timeout: 30_000 });

  await page.goto("/rides");
  await page.getByRole("button", { name: "Add to cart: City ride" }).click();
  await page
    .getByRole("complementary", { name: "Your cart" })
    .getByRole("link", { name: "Checkout" })
    .click();
  const frame = checkoutFrame(page);
  await frame.getByLabel("Card number").fill("4242 4242 4242 4242");
  await frame.getByLabel("Expiration").fill("12 / 34");
  await frame.getByLabel("CVC").fill("123");
  await frame.getByLabel("Cardholder name").fill(name);
  const postal = frame.getByLabel("Postal code");
  if (await postal.isVisible()) await postal.fill("94103");
  await frame.getByRole("checkbox", { name: /Save my card/ }).check();
  await frame.getByRole("button", { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/checkout\/return\?session_id=/);
}

export const checkoutFrame = (page: Page) => page.frameLocator('iframe[title="Secure checkout"]');

/** Puts a Grocery run in the Rocket Deliveries cart, as the storefront would. */
export async function deliveriesCart(page: Page): Promise<void> {
  await page.evaluate(() =>
    window.localStorage.setItem(
      "rocket-cart:deliveries",
      JSON.stringify([{ productId: "grocery-run", quantity: 1 }]),
    ),
  );
}
