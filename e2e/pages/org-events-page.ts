import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** The organization's event log (`/org/events`), also a customer's (`?customer=cus_…`). */
export class OrgEventsPage {
  readonly rows: Locator;
  readonly filters: Locator;
  readonly accountFilter: Locator;
  readonly typeFilter: Locator;
  readonly showIgnoredFilter: Locator;
  /** The count of ignored events folded out of the list. */
  readonly ignoredNote: Locator;
  readonly problems: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.rows = page.getByTestId("event-row");
    this.filters = page.locator("form").filter({ has: page.getByRole("button", { name: "Filter" }) });
    this.accountFilter = this.filters.getByLabel("Account");
    this.typeFilter = this.filters.getByLabel("Event type");
    this.showIgnoredFilter = this.filters.getByRole("checkbox", { name: "Show ignored events" });
    this.ignoredNote = page.getByTestId("ignored-events");
    this.problems = page.getByRole("alert");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/org/events${query}`);
    await this.expectLoaded();
  }

  async expectLoaded(state = "loaded"): Promise<void> {
    await expect(this.page.getByRole("heading", { name: "Event log", level: 1 })).toBeVisible();
    await this.a11y.check(state);
  }

  row(type: string): Locator {
    return this.rows.filter({ has: this.page.getByText(type, { exact: true }) });
  }

  /** The values a select offers (its empty "All …" option left out). */
  async optionValues(select: Locator): Promise<string[]> {
    const values = await select
      .locator("option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    return values.filter(Boolean);
  }

  async optionLabels(select: Locator): Promise<string[]> {
    return (await select.locator("option").allTextContents()).map((label) => label.trim());
  }

  /** Reloads until a row of the type is listed: webhooks arrive on their own schedule. */
  async waitForRow(type: string, text?: string): Promise<Locator> {
    const row = text ? this.row(type).filter({ hasText: text }) : this.row(type);
    await expect(async () => {
      await this.page.reload();
      await expect(row.first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    return row;
  }
}
