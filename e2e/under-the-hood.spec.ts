import { UnderTheHoodPanel } from "./pages/under-the-hood-panel";
import { expect, test } from "./support/fixtures";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { NEEDS_EMULATOR } from "./support/servers";

const VISA = { number: "4242 4242 4242 4242" };

test(
  "under the hood of a cross-brand purchase: the Stripe calls, the customer in both accounts, the webhook",
  { tag: [README_SCREENSHOTS, NEEDS_EMULATOR] },
  async ({ page, a11y, newShopper, storefront, checkoutPage, confirmationPage }) => {
    // Two purchases.
    test.slow();
    const panel = new UnderTheHoodPanel(page, a11y);
    await newShopper("Hood Reader");

    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("City ride");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Rides");
    await checkoutPage.payWithNewCard(VISA, { save: true });
    await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");

    // The other brand's checkout: its session was created in its own account.
    await storefront.goto("deliveries", "Rocket Deliveries");
    await storefront.add("Grocery run");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Deliveries");
    await panel.openWithKey("Enter");
    const create = panel.call("POST", "/v1/checkout/sessions").first();
    await expect(create).toContainText("server");
    await expect(create).toContainText("Rocket Deliveries");
    await expect(create.getByRole("cell").nth(4)).not.toHaveText("none");
    await expect(panel.customerIn("Rocket Rides")).toContainText(/cus_\w+/);
    await expect(panel.customerIn("Rocket Deliveries")).toContainText(/cus_\w+/);

    // Closed again by the same button; the return page has its own panel.
    await panel.toggle.click();
    await expect(panel.toggle).toHaveAttribute("aria-expanded", "false");
    await expect(panel.calls).toBeHidden();
    await checkoutPage.pay();
    await confirmationPage.expectPaid("Rocket Deliveries", "Visa •••• 4242");
    await panel.openWithKey(" ");
    await panel.expectEvent("checkout.session.completed");
    await page.getByRole("region", { name: "Under the hood" }).screenshot({
      path: screenshotPath("under-the-hood.png"),
    });
  },
);

test("the panel's route answers no one signed out", { tag: NEEDS_EMULATOR }, async ({ page }) => {
  const anonymous = await page.request.get("/api/checkout/sessions/cs_test_someone/under-the-hood");
  expect(anonymous.status()).toBe(401);
});
