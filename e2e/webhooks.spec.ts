import { DEMO_USERS } from "../prisma/demo-users";
import { expect, RELOAD_AFTER, test } from "./support/fixtures";

const admin = DEMO_USERS[1];

test("an order turns paid through the webhook when the shopper never reaches the return page", async ({
  page,
  newShopper,
  header,
  storefront,
  checkoutPage,
  accountPage,
  signIn,
}) => {
  await newShopper("Tab Closer");

  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("Weekly ride pass");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Rides");
  // The shopper closes the tab as soon as they pay: the return page never loads.
  let returnPageBlocked = false;
  await page.route("**/checkout/return**", async (route) => {
    returnPageBlocked = true;
    await route.abort();
  });
  await checkoutPage.payWithNewCard({ number: "4242 4242 4242 4242", name: "Tab Closer" }, { save: true });
  await expect.poll(() => returnPageBlocked).toBe(true);
  await page.unroute("**/checkout/return**");

  await expect(async () => {
    await accountPage.goto();
    await accountPage.expectOrders([{ brand: "Rocket Rides", total: "$75.00" }], { timeout: RELOAD_AFTER });
  }).toPass({ timeout: 15_000 });
  await expect(accountPage.orders.first()).toContainText("Paid");

  await header.signOut();
  await signIn(admin);
  await page.goto("/org/events?type=checkout.session.completed");
  const rows = page.getByTestId("event-row");
  await expect(rows.first()).toContainText("Rocket Rides");
  await expect(rows.first()).toContainText("applied");
});
