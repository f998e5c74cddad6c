import type { Locator, Page, TestInfo } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test, uniqueEmail } from "./support/fixtures";

const [, admin] = DEMO_USERS;
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE, hasTouch: true });
test.describe.configure({ mode: "serial" });

/** Nothing on the page is wider than the phone: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), {
      message: `${new URL(page.url()).pathname} scrolls sideways`,
    })
    .toBeLessThanOrEqual(PHONE.width);
}

/** The whole element is on screen horizontally: not clipped by a scrolling container or the viewport. */
async function expectFullyOnScreen(locator: Locator): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  expect(box, "element has a box").not.toBeNull();
  if (!box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  // Not cut off by an ancestor that scrolls or hides overflow either.
  const clipped = await locator.evaluate((element) => {
    const own = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX === "visible") continue;
      const clip = parent.getBoundingClientRect();
      if (own.left < clip.left - 0.5 || own.right > clip.right + 0.5) return true;
    }
    return false;
  });
  expect(clipped, "clipped by a scrolling ancestor").toBe(false);
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`phone-${name}.png`), fullPage: true });
}

let shopperEmail = "";
const shopperName = "Pia Phone";

test("on a phone, adding to the cart is announced and counted in the header", async ({
  page,
  storefront,
}, testInfo) => {
  await storefront.goto("rides", "Rocket Rides");
  await expectNoSidewaysScroll(page);
  await page.getByRole("button", { name: "Add to cart: City ride" }).click();
  await expect(page.getByRole("status").filter({ hasText: "City ride added to your cart" })).toBeVisible();
  const cartLink = page.getByRole("banner").getByRole("link", { name: /^Cart/ });
  await expect(cartLink).toHaveAccessibleName("Cart 1 item");
  await page.getByRole("button", { name: "Add to cart: City ride" }).click();
  await expect(cartLink).toHaveAccessibleName("Cart 2 items");
  await shoot(page, testInfo, "storefront");

  // The header's cart link takes the shopper to the cart, far below the catalog on a phone.
  await cartLink.click();
  await expect(storefront.cart.getByRole("link", { name: "Checkout" })).toBeInViewport();
});

test("a quantity the cart cannot take is corrected out loud, not silently", async ({ page, storefront }) => {
  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("Airport transfer");
  await storefront.setQuantity("Airport transfer", "150");
  await storefront.cart.getByLabel("Quantity of Airport transfer").blur();
  await expect(storefront.cart.getByLabel("Quantity of Airport transfer")).toHaveValue("99");
  await expect(storefront.cart.getByRole("status")).toHaveText(
    "You can buy at most 99 of Airport transfer at once: the quantity is now 99.",
  );
  await storefront.setQuantity("Airport transfer", "0");
  await storefront.cart.getByLabel("Quantity of Airport transfer").blur();
  await expect(storefront.cart.getByLabel("Quantity of Airport transfer")).toHaveValue("99");
  await expect(storefront.cart.getByRole("status")).toHaveText(
    "The quantity must be at least 1: use Remove to take Airport transfer out of the cart.",
  );
  await page.getByRole("button", { name: "Remove Airport transfer" }).click();
});

test("on a phone, Pay is on the first screens of the checkout, and the account's orders read well", async ({
  page,
  signUpPage,
  storefront,
  checkoutPage,
  confirmationPage,
  accountPage,
}, testInfo) => {
  test.setTimeout(90_000);
  shopperEmail = uniqueEmail("phone");
  await signUpPage.goto();
  await signUpPage.signUp({ name: shopperName, email: shopperEmail, password: "phone-layout-2026" });
  await expect(page.getByRole("banner").getByTestId("current-user")).toHaveText(shopperName);

  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("City ride");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Rides");
  await expectNoSidewaysScroll(page);
  // The page says where the shopper is once, and shows one summary (Checkout has its own).
  await expect(page.getByText("You are shopping at")).toHaveCount(0);
  await expect(checkoutPage.summary).toHaveCount(0);
  // Checkout starts on the first screen; Pay is at most one more screen down.
  const frame = page.locator('iframe[title="Secure checkout"]');
  const frameBox = await frame.boundingBox();
  expect(frameBox?.y ?? Infinity).toBeLessThan(PHONE.height / 2);
  const payBox = await checkoutPage.frame.getByRole("button", { name: /^Pay / }).boundingBox();
  expect(payBox?.y ?? Infinity).toBeLessThan(PHONE.height * 2);
  await shoot(page, testInfo, "checkout");
  await checkoutPage.payWithNewCard({ number: "4242 4242 4242 4242", name: shopperName });
  await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");

  // A checkout started in the app and left at the 3D Secure step.
  await storefront.goto("deliveries", "Rocket Deliveries");
  await storefront.add("Grocery run");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Deliveries");
  await checkoutPage.payWithNewCard({ number: "4000 0025 0000 3155", name: shopperName });
  await expect(checkoutPage.frame.getByRole("heading", { name: "Confirm your payment" })).toBeVisible();

  await accountPage.goto();
  await expectNoSidewaysScroll(page);
  await expect(accountPage.orders).toHaveCount(1);
  const order = accountPage.orders.first();
  await expect(order).toContainText("Visa •••• 4242");
  await expect(order).toContainText("UTC");
  // Each order reads as a whole: what was bought is not squeezed into a sliver.
  const items = order.getByText("City ride × 1");
  expect((await items.boundingBox())?.width ?? 0).toBeGreaterThan(PHONE.width / 3);
  await expect(accountPage.profile.getByLabel("Country")).toHaveRole("combobox");
  await shoot(page, testInfo, "account");
});

test("on a phone, the admin's customer page fits, labels each payment truly and refunds from a readable dialog", async ({
  page,
  signIn,
  orgCustomersPage,
  orgCustomerPage,
}, testInfo) => {
  expect(shopperEmail).not.toBe("");
  await signIn(admin);
  await orgCustomersPage.goto();
  await expectNoSidewaysScroll(page);

  // A LIKE wildcard is searched for as itself.
  await orgCustomersPage.searchFor("%");
  await expect(page.getByText("No customer matches “%”.")).toBeVisible();

  await orgCustomersPage.searchFor(shopperEmail);
  const row = orgCustomersPage.row(shopperEmail);
  await expect(row).toContainText("$18.50");
  await shoot(page, testInfo, "org-customers");
  await orgCustomersPage.open(shopperName);
  await orgCustomerPage.expectLoaded(shopperName);
  await expectNoSidewaysScroll(page);

  // One lifetime spend: the same figure as the list.
  await expect(orgCustomerPage.spendOf("Total")).toHaveText("$18.50");
  await expect(orgCustomerPage.timeline).toHaveCount(2);
  const abandoned = orgCustomerPage.transaction("Rocket Deliveries");
  await expect(abandoned).toContainText("Checkout in the app, not completed");
  await expect(abandoned).toContainText("Waiting for 3D Secure");
  await expect(abandoned).not.toContainText("outside the app");
  const paid = orgCustomerPage.transaction("Rocket Rides");
  await expect(paid).toContainText("City ride × 1");
  await expect(paid).toContainText("UTC");
  await shoot(page, testInfo, "org-customer");

  const refund = paid.getByRole("button", { name: /^Refund / });
  await expectFullyOnScreen(refund);
  await refund.click();
  const dialog = page.getByRole("dialog", { name: "Refund a Rocket Rides payment" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/goes back to the card used/)).toHaveCSS("text-align", "start");
  await expectFullyOnScreen(dialog.getByRole("button", { name: "Confirm refund" }));
  await expectFullyOnScreen(dialog.getByRole("button", { name: "Cancel" }));
  await page.screenshot({ path: testInfo.outputPath("phone-refund-dialog.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
});
