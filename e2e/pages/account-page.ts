import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class AccountPage {
  readonly orders: Locator;
  readonly savedCards: Locator;
  readonly profile: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.orders = page.getByTestId("order-row");
    this.savedCards = page.getByRole("list", { name: "Saved cards" }).getByRole("listitem");
    this.profile = page.getByRole("form", { name: "Shared profile" });
  }

  async goto(brand?: string): Promise<void> {
    await this.page.goto(brand ? `/account?brand=${brand}` : "/account");
    await expect(this.page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await this.a11y.check();
  }

  async filterBy(label: string): Promise<void> {
    await this.page
      .getByRole("navigation", { name: "Filter orders by brand" })
      .getByRole("link", { name: label })
      .click();
  }

  /** `timeout` per check: short inside a reload loop, so a stale page is reloaded soon. */
  async expectOrders(
    rows: { brand: string; total: string }[],
    { timeout }: { timeout?: number } = {},
  ): Promise<void> {
    await expect(this.orders).toHaveCount(rows.length, { timeout });
    for (const [index, row] of rows.entries()) {
      await expect(this.orders.nth(index)).toContainText(row.brand, { timeout });
      await expect(this.orders.nth(index)).toContainText(row.total, { timeout });
    }
  }
}
