import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** Our return page after Checkout: success, what was bought, and the card used. */
export class OrderConfirmationPage {
  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {}

  /** What the page says about keeping the card for one-click checkout. */
  get cardSaved(): Locator {
    return this.page.getByTestId("card-saved");
  }

  async expectPaid(brandName: string, card: string): Promise<string> {
    await expect(this.page).toHaveURL(/\/checkout\/return\?session_id=cs_test_/);
    await expect(
      this.page.getByRole("heading", { name: `Thank you for your order at ${brandName}` }),
    ).toBeVisible();
    await expect(this.page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(this.page.getByTestId("paid-card")).toHaveText(card);
    // The brand's cart is emptied once the page runs (buying it again is a new purchase).
    const brand = new URL(this.page.url()).pathname.split("/")[1];
    await expect
      .poll(() => this.page.evaluate((key) => window.localStorage.getItem(key), `rocket-cart:${brand}`), {
        message: `the ${brandName} cart is emptied after the purchase`,
      })
      .toBeNull();
    await this.a11y.check();
    return new URL(this.page.url()).searchParams.get("session_id") ?? "";
  }
}
