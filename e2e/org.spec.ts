import { DEMO_USERS } from "../prisma/demo-users";
import { expect, RELOAD_AFTER, test } from "./support/fixtures";
import { ShopperBrowser } from "./support/shoppers";
import { firstRidePurchaseStripe } from "./support/stripe";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { NEEDS_EMULATOR } from "./support/servers";

const [jenny, admin] = DEMO_USERS;

test(
  "the admin sees a shopper's purchases at both brands on one page, refunds one partially and edits the shared profile",
  { tag: [README_SCREENSHOTS, NEEDS_EMULATOR] },
  async ({ browser, page, a11y, signIn, orgCustomersPage, orgCustomerPage }) => {
    test.setTimeout(120_000);
    const shopper = await ShopperBrowser.open(browser, "Olive Organa");
    await shopper.buyAtBothBrands({ rides: 2 });

    // The customer list: search, brands, saved cards, lifetime spend.
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(admin);
    await orgCustomersPage.goto();
    await orgCustomersPage.searchFor(shopper.email);
    const row = orgCustomersPage.row(shopper.email);
    await expect(orgCustomersPage.rows).toHaveCount(1);
    await expect(row).toContainText("Olive Organa");
    await expect(row).toContainText("Rocket Rides");
    await expect(row).toContainText("Rocket Deliveries");
    await expect(row.getByRole("cell").nth(2)).toHaveText("1");
    await expect(row).toContainText("$62.00");
    await orgCustomersPage.goto();
    await page.screenshot({ path: screenshotPath("org-customers.png"), fullPage: true });
    await orgCustomersPage.searchFor("olive organa");
    await orgCustomersPage.open("Olive Organa");

    // One customer page: both brand accounts' payments, spend per brand and in total.
    await orgCustomerPage.expectLoaded("Olive Organa");
    await expect(orgCustomerPage.timeline).toHaveCount(2);
    await expect(orgCustomerPage.transaction("Rocket Rides")).toContainText("$37.00");
    await expect(orgCustomerPage.transaction("Rocket Rides")).toContainText("Visa •••• 4242");
    await expect(orgCustomerPage.transaction("Rocket Deliveries")).toContainText("$25.00");
    await expect(orgCustomerPage.spendOf("Rocket Rides")).toHaveText("$37.00");
    await expect(orgCustomerPage.spendOf("Rocket Deliveries")).toHaveText("$25.00");
    await expect(orgCustomerPage.spendOf("Total")).toHaveText("$62.00");
    await expect(orgCustomerPage.chart).toHaveAccessibleName(
      /Rocket Rides: \$37\.00; Rocket Deliveries: \$25\.00; total \$62\.00/,
    );
    await expect(orgCustomerPage.savedCards).toHaveCount(1);

    // Too much is refused with a clear message, and nothing is refunded.
    const customerPath = new URL(page.url()).pathname;
    const customerId = customerPath.split("/").at(-1) ?? "";
    const rideIntent =
      (await orgCustomerPage.transaction("Rocket Rides").locator(".font-mono").textContent()) ?? "";
    expect(rideIntent).toMatch(/^pi_/);
    const tooMuch = await page.request.post(`/api/org/customers/${customerId}/refunds`, {
      data: {
        brand: "rides",
        paymentIntentId: rideIntent,
        amount: 3701,
        reason: "Testing the limit",
        idempotencyKey: "e2e-too-much-0000001",
      },
    });
    expect(tooMuch.status()).toBe(400);
    expect((await tooMuch.json()).error.message).toBe("You can refund at most $37.00 of this payment.");

    // A partial refund, confirmed with a double click: refunded once, in the account that took the payment.
    await orgCustomerPage.refund("Rocket Rides", "10.00");
    await expect(orgCustomerPage.transaction("Rocket Rides")).toContainText("Partly refunded");
    await expect(orgCustomerPage.transaction("Rocket Rides")).toContainText("$10.00 refunded");
    await expect(orgCustomerPage.spendOf("Rocket Rides")).toHaveText("$27.00");
    await expect(orgCustomerPage.spendOf("Total")).toHaveText("$52.00");
    await page.screenshot({ path: screenshotPath("org-customer.png"), fullPage: true });
    const refunds = await firstRidePurchaseStripe().refunds.list({ payment_intent: rideIntent });
    expect(refunds.data.map((refund) => refund.amount)).toEqual([1000]);

    // The shopper's order shows it.
    await expect(async () => {
      await shopper.account.goto();
      await expect(shopper.account.orders.filter({ hasText: "Rocket Rides" })).toContainText(
        "Partly refunded ($10.00 back)",
        { timeout: RELOAD_AFTER },
      );
    }).toPass({ timeout: 15_000 });

    // The event log, linked from the customer, has the refund the webhook delivered.
    await page.getByRole("link", { name: "Events about this customer" }).click();
    await expect(page).toHaveURL(/\/org\/events\?customer=cus_/);
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByTestId("event-row").filter({ hasText: "charge.refunded" }).first(),
      ).toContainText("Rocket Rides", { timeout: RELOAD_AFTER });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByTestId("event-row").filter({ hasText: "checkout.session.completed" })).toHaveCount(
      2,
    );
    await a11y.check("customer filter");

    // A shared field edited here is what the shopper's next checkout, at either brand, shows.
    await page.goBack();
    await orgCustomerPage.expectLoaded("Olive Organa");
    const invalid = await page.request.patch(`/api/org/customers/${customerId}/profile`, {
      data: { name: "", email: "not-an-email", phone: "call me", address: { country: "usa" } },
    });
    expect(invalid.status()).toBe(400);
    expect(Object.keys((await invalid.json()).error.fields).sort()).toEqual([
      "address.country",
      "email",
      "name",
      "phone",
    ]);
    await orgCustomerPage.editProfile({ name: "Olive Organa-Rey" });
    await orgCustomerPage.expectLoaded("Olive Organa-Rey");
    await shopper.storefront.goto("deliveries", "Rocket Deliveries");
    await shopper.storefront.add("Same-day parcel");
    await shopper.storefront.checkout();
    await shopper.checkout.expectLoaded("Rocket Deliveries");
    await shopper.checkout.useNewCard();
    await expect(shopper.checkout.frame.getByLabel("Cardholder name")).toHaveValue("Olive Organa-Rey");
    await expect(shopper.checkout.frame.getByLabel("Email")).toHaveValue(shopper.email);
    await shopper.close();
  },
);

test("a card the admin adds is the one-click card at every brand, and removing it takes it away everywhere", async ({
  browser,
  page,
  signIn,
  orgCustomersPage,
  orgCustomerPage,
}) => {
  test.setTimeout(120_000);
  // A shopper who paid once without saving the card.
  const shopper = await ShopperBrowser.open(browser, "Finn Calrissian");
  await shopper.buyAtRides({ save: false });

  await signIn(admin);
  await orgCustomersPage.goto();
  await orgCustomersPage.searchFor(shopper.email);
  await orgCustomersPage.open("Finn Calrissian");
  await orgCustomerPage.expectLoaded("Finn Calrissian");
  await expect(orgCustomerPage.savedCards).toHaveCount(0);

  // Opened and cancelled: nothing is saved (the setup is expired behind the scenes).
  // Read on its way through: the browser keeps no copy of a no-store answer to a keepalive request.
  let expired: unknown;
  await page.route(/\/card-setups\/cs_/, async (route) => {
    if (route.request().method() !== "DELETE") return route.fallback();
    const response = await route.fetch();
    expired = await response.json();
    await route.fulfill({ response });
  });
  await orgCustomerPage.cancelAddingCard();
  await expect.poll(() => expired).toEqual({ status: "expired" });
  await page.unroute(/\/card-setups\/cs_/);
  await expect(orgCustomerPage.savedCards).toHaveCount(0);

  await orgCustomerPage.addCard({
    number: "5555 5555 5555 4444",
    name: "Finn Calrissian",
    label: "Mastercard •••• 4444",
  });
  await expect(orgCustomerPage.savedCards).toHaveCount(1);
  await expect(orgCustomerPage.savedCards).toContainText("Mastercard •••• 4444");

  // The shopper's next checkout at the other brand preselects it: one click on Pay.
  await shopper.storefront.goto("deliveries", "Rocket Deliveries");
  await shopper.storefront.add("Grocery run");
  await shopper.storefront.checkout();
  await shopper.checkout.expectLoaded("Rocket Deliveries");
  await expect(shopper.checkout.savedCard("Mastercard •••• 4444")).toBeChecked();
  await shopper.checkout.pay();
  await shopper.confirmation.expectPaid("Rocket Deliveries", "Mastercard •••• 4444");

  // Removed from the dashboard: no brand offers it any more.
  await page.reload();
  await orgCustomerPage.expectLoaded("Finn Calrissian");
  await orgCustomerPage.removeCard("Mastercard •••• 4444");
  await expect(orgCustomerPage.savedCards).toHaveCount(0);
  await expect(page.getByText("No saved cards.")).toBeVisible();
  for (const [slug, name] of [
    ["rides", "Rocket Rides"],
    ["deliveries", "Rocket Deliveries"],
  ] as const) {
    await shopper.storefront.goto(slug, name);
    await shopper.storefront.add(slug === "rides" ? "City ride" : "Grocery run");
    await shopper.storefront.checkout();
    await shopper.checkout.expectLoaded(name);
    await expect(shopper.checkout.frame.getByLabel("Card number")).toBeVisible();
    await expect(shopper.checkout.savedCard("Mastercard •••• 4444")).toHaveCount(0);
  }
  await shopper.close();
});

test("a shopper is refused the dashboard and its API", async ({ page, signInPage }) => {
  const anonymous = await page.request.get("/api/org/customers");
  expect(anonymous.status()).toBe(401);
  await signInPage.goto("/org");
  await signInPage.signIn(jenny.email, jenny.password);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  expect((await page.request.get("/org")).status()).toBe(403);
  expect((await page.request.get("/org/customers/anyone")).status()).toBe(403);
  const api = await page.request.post("/api/org/customers/anyone/refunds", {
    data: { brand: "rides", paymentIntentId: "pi_123456", amount: 100, idempotencyKey: "e2e-shopper-000001" },
  });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toBe("Only organization admins can do that.");
});
