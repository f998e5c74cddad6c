import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** What one Stripe account holds about the shopper, as the test read it from that account. */
export type AccountHolding =
  | "nothing"
  | {
      customerId: string;
      email: string;
      metadata: [string, string][];
      cards: { id: string; last4: string }[];
      /** Newest first, as displayed: "$18.50". */
      payments: { amount: string; status: string }[];
    };

/** The shopper's "What each brand sees" page (`/account/brands`). */
export class BrandViewPage {
  readonly heading: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.heading = page.getByRole("heading", { level: 1, name: "What each brand sees" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/account/brands");
    await this.expectLoaded();
  }

  /** From the account page's link. */
  async openFromAccount(): Promise<void> {
    await this.page.getByRole("link", { name: "What each brand sees" }).click();
    await expect(this.page).toHaveURL("/account/brands");
    await this.expectLoaded();
  }

  private async expectLoaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.a11y.check();
  }

  /** One account's section, named by its heading (a brand, or the account every brand shares). */
  account(name: string): Locator {
    return this.page.getByRole("region", { name: new RegExp(`^${name}`) });
  }

  unavailable(name: string): Locator {
    return this.account(name).getByRole("alert");
  }

  cards(name: string): Locator {
    return this.account(name)
      .getByRole("list", { name: `Cards at ${name}` })
      .getByRole("listitem");
  }

  payments(name: string): Locator {
    return this.account(name)
      .getByRole("table", { name: `Payments at ${name}, newest first` })
      .getByRole("rowgroup")
      .nth(1)
      .getByRole("row");
  }

  /** `timeout` per check: short inside a reload loop, so a stale page is reloaded soon. */
  async expectHolding(
    name: string,
    holding: AccountHolding,
    { timeout }: { timeout?: number } = {},
  ): Promise<void> {
    const section = this.account(name);
    if (holding === "nothing") {
      await expect(section).toContainText(`${name} holds nothing about you yet`, { timeout });
      return;
    }
    await expect(section.getByText(holding.customerId, { exact: true })).toBeVisible({ timeout });
    await expect(section).toContainText(holding.email, { timeout });
    for (const [key, value] of holding.metadata) {
      await expect(section.getByRole("list", { name: `Metadata at ${name}` })).toContainText(
        `${key}: ${value}`,
        {
          timeout,
        },
      );
    }
    await expect(this.cards(name)).toHaveCount(holding.cards.length, { timeout });
    for (const card of holding.cards) {
      await expect(this.cards(name).filter({ hasText: card.id })).toContainText(`•••• ${card.last4}`, {
        timeout,
      });
    }
    if (holding.payments.length === 0) {
      await expect(section).toContainText(`No payments at ${name} yet.`, { timeout });
    }
    await expect(this.payments(name)).toHaveCount(holding.payments.length, { timeout });
    for (const [index, payment] of holding.payments.entries()) {
      await expect(this.payments(name).nth(index)).toContainText(payment.amount, { timeout });
      await expect(this.payments(name).nth(index)).toContainText(payment.status, { timeout });
    }
  }
}
