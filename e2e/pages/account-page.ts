import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class AccountPage {
  readonly orders: Locator;
  readonly savedCards: Locator;
  readonly profile: Locator;
  /** Where the saved cards are offered: one switch per brand. */
  readonly walletBrands: Locator;
  /** Every change to the wallet and profile, newest first. */
  readonly trail: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.orders = page.getByTestId("order-row");
    this.savedCards = page.getByRole("list", { name: "Saved cards", exact: true }).getByRole("listitem");
    this.profile = page.getByRole("form", { name: "Shared profile" });
    this.walletBrands = page.getByRole("region", { name: "Where your saved cards are offered" });
    this.trail = page
      .getByRole("region", { name: "History of your wallet and profile" })
      .getByRole("list", { name: "Changes to the wallet and profile" })
      .getByRole("listitem");
  }

  /** The switch that lets (or stops) a brand offer the saved cards. */
  brandSwitch(brandName: string): Locator {
    return this.walletBrands.getByRole("checkbox", { name: `${brandName} may offer my saved cards` });
  }

  /** Switches a brand on or off and waits until the choice is saved. */
  async letBrandOfferCards(brandName: string, offer: boolean): Promise<void> {
    await this.brandSwitch(brandName).setChecked(offer);
    await expect(this.walletBrands.getByRole("status")).toContainText(
      offer
        ? `Saved: ${brandName} offers your saved cards again`
        : `Saved: ${brandName} no longer offers your saved cards`,
    );
    await expect(this.brandSwitch(brandName)).toBeChecked({ checked: offer });
    await this.a11y.check(offer ? "brand switched on" : "brand switched off");
  }

  savedCard(label: string): Locator {
    return this.savedCards.filter({ hasText: label });
  }

  /** Removes a saved card from every brand, confirming in the dialog. */
  async removeCard(label: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove ${label}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `Remove ${label}?` });
    await expect(dialog).toBeVisible();
    await this.a11y.check("remove card dialog");
    await dialog.getByRole("button", { name: "Remove card" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.savedCard(label)).toHaveCount(0);
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
