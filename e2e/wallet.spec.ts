import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test } from "./support/fixtures";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { ShopperBrowser } from "./support/shoppers";

const VISA = { number: "4242 4242 4242 4242" };
const admin = DEMO_USERS[1];

test(
  "a shopper hides their saved cards from a brand, brings them back, removes a card, and reads each change",
  { tag: README_SCREENSHOTS },
  async ({ page, newShopper, storefront, checkoutPage, confirmationPage, accountPage }) => {
    test.slow();
    await newShopper("Wanda Wallet");

    // A card saved at Rocket Rides: the account says where and when.
    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("City ride");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Rides");
    await checkoutPage.fillCard(VISA, { save: true });
    await checkoutPage.pay();
    await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");
    await accountPage.goto();
    await expect(accountPage.savedCard("Visa •••• 4242")).toContainText(/Saved at Rocket Rides on .+ UTC/);
    await expect(accountPage.brandSwitch("Rocket Rides")).toBeChecked();
    await expect(accountPage.brandSwitch("Rocket Deliveries")).toBeChecked();

    // Rocket Deliveries switched off: its checkout offers no saved card and says why.
    await accountPage.letBrandOfferCards("Rocket Deliveries", false);
    await storefront.goto("deliveries", "Rocket Deliveries");
    await storefront.add("Grocery run");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Deliveries");
    await checkoutPage.expectNoSavedCards();
    await expect(checkoutPage.walletNote).toContainText("Your saved cards are hidden at Rocket Deliveries");
    await page.screenshot({ path: screenshotPath("wallet-hidden-at-deliveries.png") });
    await checkoutPage.walletNote.getByRole("link", { name: "Change where your cards are offered" }).click();
    await expect(accountPage.brandSwitch("Rocket Deliveries")).not.toBeChecked();

    // Switched on again: the card is back, with why it is there, and one click pays.
    await accountPage.letBrandOfferCards("Rocket Deliveries", true);
    await storefront.goto("deliveries", "Rocket Deliveries");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Deliveries");
    await expect(checkoutPage.savedCard("Visa •••• 4242")).toBeChecked();
    await expect(checkoutPage.walletNote).toContainText(
      /Visa •••• 4242: Saved at Rocket Rides on .+ UTC · offered at the Rocket brands you allow · Manage/,
    );
    await expect(checkoutPage.walletNote.getByRole("link", { name: "Manage" })).toHaveAttribute(
      "href",
      "/account#wallet-brands-heading",
    );
    await page.screenshot({ path: screenshotPath("wallet-recognized.png") });
    await checkoutPage.pay();
    await confirmationPage.expectPaid("Rocket Deliveries", "Visa •••• 4242");

    // Removed: no brand offers it any more.
    await accountPage.goto();
    await accountPage.removeCard("Visa •••• 4242");
    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("City ride");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Rides");
    await checkoutPage.expectNoSavedCards();
    await expect(checkoutPage.walletNote).toHaveCount(0);

    // The trail, newest first: who, when (UTC) and what.
    await accountPage.goto();
    const expected = [
      "Removed Visa •••• 4242 from every brand.",
      "Rocket Deliveries may offer the saved cards again.",
      "Rocket Deliveries no longer offers the saved cards.",
      "Saved Visa •••• 4242 at Rocket Rides.",
    ];
    await expect(accountPage.trail).toHaveCount(expected.length);
    for (const [index, text] of expected.entries()) {
      await expect(accountPage.trail.nth(index)).toContainText(text);
      await expect(accountPage.trail.nth(index)).toContainText(/UTC\s*You/);
    }
    await page.screenshot({ path: screenshotPath("wallet-controls.png"), fullPage: true });
  },
);

test("an admin sees the shopper's choices and trail, refunds with a reason, and the shopper reads it", async ({
  browser,
  page,
  signIn,
  orgCustomersPage,
  orgCustomerPage,
}) => {
  test.slow();
  // The shopper, in a browser of their own: a purchase with the card saved, Deliveries switched off.
  const shopperBrowser = await ShopperBrowser.open(browser, "Quinn Quill");
  const shopper = shopperBrowser.person;
  await shopperBrowser.buyAtRides({ save: true, rides: 2 });
  const shopperAccount = shopperBrowser.account;
  await shopperAccount.goto();
  await shopperAccount.letBrandOfferCards("Rocket Deliveries", false);

  // The admin: the choices read-only, "Add a card" names the brands that will offer it.
  await signIn(admin);
  await orgCustomersPage.goto();
  await orgCustomersPage.searchFor(shopper.email);
  await orgCustomersPage.open("Quinn Quill");
  await orgCustomerPage.expectLoaded("Quinn Quill");
  await expect(orgCustomerPage.brandChoice("Rocket Rides")).toHaveText(
    "Rocket Rides: offers the saved cards",
  );
  await expect(orgCustomerPage.brandChoice("Rocket Deliveries")).toHaveText(
    "Rocket Deliveries: switched off by the customer",
  );
  await page.getByRole("button", { name: "Add a card" }).click();
  const addCard = page.getByRole("dialog", { name: "Add a card for every brand" });
  await expect(addCard).toContainText("offered at the next checkout of Rocket Rides (the brands they allow)");
  await addCard.getByRole("button", { name: "Continue to the card form" }).click();
  await expect(addCard.getByLabel("The customer's consent")).toHaveAccessibleDescription(
    /Record how the customer agreed to saving the card/,
  );
  await addCard.getByRole("button", { name: "Cancel" }).click();

  // A refund needs a reason, which the trail keeps.
  await orgCustomerPage
    .transaction("Rocket Rides")
    .getByRole("button", { name: /^Refund / })
    .click();
  const refund = page.getByRole("dialog", { name: "Refund a Rocket Rides payment" });
  await refund.getByLabel(/Amount to refund/).fill("5.00");
  await refund.getByRole("button", { name: "Confirm refund" }).click();
  await expect(refund.getByLabel(/Reason/)).toHaveAccessibleDescription(
    /Say why you refund this payment \(at least 3 characters\)\./,
  );
  await refund.getByLabel(/Reason/).fill("Driver arrived late");
  await refund.getByRole("button", { name: "Confirm refund" }).click();
  await expect(refund).toBeHidden();
  await expect(orgCustomerPage.trail.first()).toContainText(
    `Admin ${admin.email}Refunded $5.00 of a payment at Rocket Rides (reason: “Driver arrived late”).`,
  );
  await expect(orgCustomerPage.trail.nth(1)).toContainText(
    "The shopperRocket Deliveries no longer offers the saved cards.",
  );

  // The admin removes the card; the shopper's trail says Rocket support did.
  await orgCustomerPage.removeCard("Visa •••• 4242");
  await expect(orgCustomerPage.trail.first()).toContainText(
    `Admin ${admin.email}Removed Visa •••• 4242 from every brand.`,
  );
  await shopperAccount.goto();
  await expect(shopperAccount.trail.first()).toContainText(
    "Rocket supportRemoved Visa •••• 4242 from every brand.",
  );
  await expect(shopperAccount.trail.nth(1)).toContainText("Rocket supportRefunded $5.00");
  await expect(shopperAccount.savedCards).toHaveCount(0);
  await shopperBrowser.close();
});
