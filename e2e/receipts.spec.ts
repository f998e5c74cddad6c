import { ReceiptPage } from "./pages/receipt-page";
import { linkIn, waitForMail, mailTo } from "./support/mail-catcher";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { NEEDS_MAIL_CATCHER } from "./support/servers";

const VISA = { number: "4242 4242 4242 4242" };

test(
  "a purchase has a receipt page, from the confirmation and the account, and one receipt email",
  { tag: NEEDS_MAIL_CATCHER },
  async ({ page, a11y, request, signIn, storefront, checkoutPage, confirmationPage, accountPage }) => {
    // A purchase, then the receipt opened three ways.
    test.slow();
    const shopper = {
      name: "Receipt Shopper",
      email: uniqueEmail("receipt"),
      password: "receipt-password-lynx-63",
    };
    const created = await request.post("/api/auth/signup", { data: shopper });
    expect(created.status(), await created.text()).toBe(201);
    await signIn(shopper);

    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("City ride", 2);
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Rides");
    await checkoutPage.fillCard(VISA, { save: false });
    await checkoutPage.pay();
    await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");
    const returnUrl = page.url();

    await page.getByRole("link", { name: "See your receipt" }).click();
    const receipt = new ReceiptPage(page, a11y);
    const expected = {
      brand: "Rocket Rides",
      lines: [{ name: "City ride", quantity: 2, amount: "$37.00" }],
      total: "$37.00",
    };
    const number = await receipt.expectReceipt(expected);
    const receiptUrl = page.url();

    const [mail] = await waitForMail(shopper.email, /^Your receipt from Rocket Rides, order RC-/);
    expect(mail!.subject).toBe(`Your receipt from Rocket Rides, order ${number}`);
    expect(mail!.text).toContain("City ride × 2  $37.00");
    expect(mail!.text).toContain("Total  $37.00");
    expect(mail!.text).toContain("Visa •••• 4242");
    expect(linkIn(mail!, "/orders/")).toBe(receiptUrl);

    // The account lists the order with a link to the same receipt.
    await accountPage.goto();
    await accountPage.expectOrders([{ brand: "Rocket Rides", total: "$37.00" }]);
    await accountPage.orders
      .first()
      .getByRole("link", { name: /^Receipt of / })
      .click();
    await receipt.expectReceipt(expected);

    // The return page (again) and the webhook both recorded the order: still one email.
    await page.goto(returnUrl);
    await page.getByRole("link", { name: "See your receipt" }).click();
    await receipt.expectReceipt(expected);
    expect(await mailTo(shopper.email)).toHaveLength(1);
  },
);
