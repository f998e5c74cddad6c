import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** An order's receipt (/orders/:id). */
export class ReceiptPage {
  readonly number: Locator;
  readonly lines: Locator;
  readonly total: Locator;
  readonly brand: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.number = page.getByTestId("order-number");
    this.lines = page.getByTestId("receipt-line");
    this.total = page.getByTestId("receipt-total");
    this.brand = page.getByTestId("receipt-brand");
  }

  /** Checks what the receipt shows and returns its order number. */
  async expectReceipt(expected: {
    brand: string;
    lines: { name: string; quantity: number; amount: string }[];
    total: string;
  }): Promise<string> {
    await expect(this.page).toHaveURL(/\/orders\/c[a-z0-9]+$/);
    await expect(this.page.getByRole("heading", { name: "Receipt", level: 1 })).toBeVisible();
    await expect(this.brand).toHaveText(expected.brand);
    await expect(this.number).toHaveText(/^RC-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await expect(this.page.locator("time")).toHaveText(/\d{4}.*UTC$/);
    await expect(this.lines).toHaveCount(expected.lines.length);
    for (const [index, line] of expected.lines.entries()) {
      await expect(this.lines.nth(index)).toContainText(line.name);
      await expect(this.lines.nth(index).getByRole("cell").nth(1)).toHaveText(String(line.quantity));
      await expect(this.lines.nth(index)).toContainText(line.amount);
    }
    await expect(this.total).toHaveText(expected.total);
    await this.a11y.check();
    return (await this.number.textContent()) ?? "";
  }
}
