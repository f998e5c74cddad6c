import { EmulatorDashboard } from "./pages/emulator-dashboard";
import { expect, test } from "./support/fixtures";
import { ShopperBrowser } from "./support/shoppers";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { NEEDS_EMULATOR } from "./support/servers";
import { ridesStripe } from "./support/stripe";

const organization = (process.env.SHARING_STRATEGY ?? "organization") === "organization";

test.describe("the emulator's dashboard", { tag: NEEDS_EMULATOR }, () => {
  test.describe.configure({ mode: "serial" });

  test(
    "finds a shopper's customer by email and shows it in both brand accounts, shared and per-account fields side by side",
    { tag: README_SCREENSHOTS },
    async ({ browser, page, a11y }) => {
      test.setTimeout(120_000);
      const shopper = await ShopperBrowser.open(browser, "Dana Dashboard");
      await shopper.buyAtBothBrands();
      await shopper.close();
      const shopperEmail = shopper.email;
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
    // The newest that arrived (a purchase in another worker may be on its way).
    await expect(dashboard.deliveryOf("checkout.session.completed", "Succeeded").first()).toBeVisible();
    await dashboard.openDelivery("checkout.session.completed", "Succeeded");
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
        // The log updates live: the request shows up on the open page without a reload (filtered
        // to it, as tests in other workers make requests of their own meanwhile).
        await dashboard.gotoRequests("cus_dashboard_latency");
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
