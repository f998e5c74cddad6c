import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** The organization dashboard's customer list (`/org`). */
export class OrgCustomersPage {
  readonly rows: Locator;
  readonly search: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.rows = page.getByTestId("customer-row");
    this.search = page.getByRole("search", { name: "Customers" }).getByLabel("Search by name or email");
  }

  async goto(): Promise<void> {
    await this.page.goto("/org");
    await expect(this.page.getByRole("heading", { name: "Organization", level: 1 })).toBeVisible();
    await this.a11y.check();
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await this.page
      .getByRole("search", { name: "Customers" })
      .getByRole("button", { name: "Search" })
      .click();
    const query = new URLSearchParams(text ? { q: text } : {}).toString();
    await expect(this.page).toHaveURL(query ? `/org?${query}` : /\/org(\?q=)?$/);
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }

  async open(name: string): Promise<void> {
    await this.page.getByRole("link", { name }).click();
  }
}
