import type { Browser } from "@playwright/test";
import { CheckoutPage } from "./pages/checkout-page";
import { EmulatorDashboard } from "./pages/emulator-dashboard";
import { OrderConfirmationPage } from "./pages/order-confirmation-page";
import { SignUpPage } from "./pages/sign-up-page";
import { StorefrontPage } from "./pages/storefront-page";
import { Accessibility, expect, test, uniqueEmail } from "./support/fixtures";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { NEEDS_EMULATOR } from "./support/servers";
import { ridesStripe } from "./support/stripe";

const organization = (process.env.SHARING_STRATEGY ?? "organization") === "organization";

/** A shopper of their own, signed up through the UI, who buys at both brands with one saved Visa. */
async function shopperWhoBoughtAtBothBrands(browser: Browser, name: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const a11y = new Accessibility(page);
  const email = uniqueEmail("dashboard-shopper");
  const signUp = new SignUpPage(page, a11y);
  const storefront = new StorefrontPage(page, a11y);
  const checkout = new CheckoutPage(page, a11y);
  const confirmation = new OrderConfirmationPage(page, a11y);
  await signUp.goto();
  await signUp.signUp({ name, email, password: "dashboard-shopper-2026" });
  // Hashing the password takes a moment on a busy machine.
  await expect(page.getByRole("banner").getByTestId("current-user")).toHaveText(name, { timeout: 20_000 });

  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("City ride");
  await storefront.checkout();
  await checkout.expectLoaded("Rocket Rides");
  await checkout.payWithNewCard({ number: "4242 4242 4242 4242", name }, { save: true });
  await confirmation.expectPaid("Rocket Rides", "Visa •••• 4242");

  await storefront.goto("deliveries", "Rocket Deliveries");
  await storefront.add("Grocery run");
  await storefront.checkout();
  await checkout.expectLoaded("Rocket Deliveries");
  await expect(checkout.savedCard("Visa •••• 4242")).toBeChecked();
  await checkout.pay();
  await confirmation.expectPaid("Rocket Deliveries", "Visa •••• 4242");
  await context.close();
  return email;
}

test.describe("the emulator's dashboard", { tag: NEEDS_EMULATOR }, () => {
  test.describe.configure({ mode: "serial" });

  test(
    "finds a shopper's customer by email and shows it in both brand accounts, shared and per-account fields side by side",
    { tag: README_SCREENSHOTS },
    async ({ browser, page, a11y }) => {
      test.setTimeout(120_000);
      const shopperEmail = await shopperWhoBoughtAtBothBrands(browser, "Dana Dashboard");
      const dashboard = new EmulatorDashboard(page, a11y);
      await page.setViewportSize({ width: 1280, height: 900 });

      await dashboard.gotoWorld();
      await expect(
        dashboard.accounts.getByRole("row", { name: /Rocket Rides acct_1RocketRides00001/ }),
      ).toContainText("sk_test_rides_emulator_0001");
      await page.screenshot({ path: screenshotPath("emulator-dashboard.png"), fullPage: true });

      await dashboard.findCustomer(shopperEmail);
      if (!organization) {
        // connect-clone: the platform keeps the shopper's customer (the brands hold clones).
        await expect(dashboard.resultIn("Rocket Platform")).toHaveCount(1);
        return;
      }
      // Organizations: one customer id, in each brand account of the sharing group.
      await expect(dashboard.customerResults).toHaveCount(2);
      const ids = await dashboard.customerResults.getByRole("rowheader").allTextContents();
      expect(ids[0]).toMatch(/^cus_/);
      expect(ids[1]).toBe(ids[0]);
      await expect(dashboard.resultIn("Rocket Rides")).toHaveCount(1);
      await expect(dashboard.resultIn("Rocket Deliveries")).toHaveCount(1);

      const customerId = ids[0] ?? "";
      await dashboard.openCustomer(customerId);
      await expect(page.getByText("Exists in 2 accounts: Rocket Rides, Rocket Deliveries.")).toBeVisible();
      const email = dashboard.field("Shared fields", "email").getByRole("cell");
      await expect(email).toHaveText([shopperEmail, shopperEmail]);
      await expect(dashboard.field("Shared fields", "name").getByRole("cell")).toHaveText([
        "Dana Dashboard",
        "Dana Dashboard",
      ]);
      await expect(dashboard.field("Per-account fields", "balance").getByRole("cell")).toHaveCount(2);
      // The card saved at Rides is stored there, and Deliveries can charge it too.
      await expect(dashboard.chargeableBy("Rocket Rides")).toContainText("visa •••• 4242");
      await expect(dashboard.chargeableBy("Rocket Deliveries")).toContainText("visa •••• 4242");
      await expect(dashboard.chargeableBy("Rocket Deliveries")).toContainText(
        "Rocket Rides (shared by the sharing group)",
      );
      await page.screenshot({ path: screenshotPath("emulator-dashboard-customer.png"), fullPage: true });
    },
  );

  test("opens a webhook delivery, shows its signed request and resends it", async ({ page, a11y }) => {
    const dashboard = new EmulatorDashboard(page, a11y);
    await dashboard.gotoDeliveries();
    await expect(dashboard.deliveryOf("checkout.session.completed").first()).toContainText("Succeeded");
    await dashboard.openDelivery("checkout.session.completed");
    await expect(dashboard.signature).toBeVisible();
    await expect(dashboard.deliveryBody).toContainText('"type": "checkout.session.completed"');
    await expect(dashboard.resends).toHaveText(["Not resent."]);

    await dashboard.resend();
    await expect(dashboard.resends).toHaveCount(1);
    await expect(dashboard.resends.first()).toContainText("delivered");
  });

  test(
    "injects latency through the form and shows it in the request log",
    { tag: README_SCREENSHOTS },
    async ({ page, a11y }) => {
      const dashboard = new EmulatorDashboard(page, a11y);
      const path = "/v1/customers/cus_dashboard_latency";
      await dashboard.gotoFaults();
      await dashboard.addLatency(path, 400, 1);
      await expect(dashboard.faultRule(path)).toContainText("400 ms latency");

      try {
        // The log updates live: the request shows up on the open page without a reload.
        await dashboard.gotoRequests();
        await expect(ridesStripe().customers.retrieve("cus_dashboard_latency")).rejects.toThrow(
          "No such customer",
        );
        const row = dashboard.request("cus_dashboard_latency");
        await expect(row).toHaveCount(1);
        await expect(row).toContainText("404");
        await expect(row).toContainText("Rocket Rides");
        expect(await dashboard.durationOf(row)).toBeGreaterThanOrEqual(400);
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.screenshot({ path: screenshotPath("emulator-dashboard-requests.png") });

        await dashboard.openRequest("cus_dashboard_latency");
        await expect(dashboard.responseBody).toContainText("No such customer: 'cus_dashboard_latency'");
      } finally {
        await dashboard.gotoFaults();
        await dashboard.removeEveryRule();
      }
      await expect(page.getByRole("table", { name: "Fault rules in force" })).toContainText("No rule");
    },
  );
});
