import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";
import { E2E_EMULATOR_URL } from "../support/servers";

const BASE = `${E2E_EMULATOR_URL}/_emulator/dashboard`;

/** The Stripe emulator's dashboard: the world, one customer across accounts, deliveries, the request log, faults. */
export class EmulatorDashboard {
  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {}

  private async open(path: string, heading: string | RegExp, state: string): Promise<void> {
    await this.page.goto(`${BASE}${path}`);
    await expect(this.page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await this.a11y.check(state);
  }

  get accounts(): Locator {
    return this.page.getByRole("table", { name: "Accounts of the world, with their test keys" });
  }

  async gotoWorld(): Promise<void> {
    await this.open("", "World", "world");
  }

  // ---------------------------------------------------------------- customers

  get customerResults(): Locator {
    return this.page
      .getByRole("table", { name: /^Customers matching/ })
      .getByRole("row")
      .filter({
        has: this.page.getByRole("cell"),
      });
  }

  async findCustomer(query: string): Promise<void> {
    await this.open("/customers", "Customers", "customers");
    await this.page.getByLabel("Find a customer by id or email").fill(query);
    await this.page.getByRole("button", { name: "Find" }).click();
    await expect(
      this.page.getByRole("table", { name: `Customers matching “${query}” in every account` }),
    ).toBeVisible();
    await this.a11y.check("customer search results");
  }

  resultIn(accountName: string): Locator {
    return this.customerResults.filter({ hasText: accountName });
  }

  async openCustomer(id: string): Promise<void> {
    await this.customerResults.getByRole("link", { name: id }).first().click();
    await expect(this.page.getByRole("heading", { level: 1, name: `Customer ${id}` })).toBeVisible();
    await this.a11y.check("customer across accounts");
  }

  /** A row of the shared or per-account fields table: the field, then one cell per account. */
  field(table: "Shared fields" | "Per-account fields", name: string): Locator {
    return this.page
      .getByRole("table", { name: new RegExp(`^${table} of cus_`) })
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}\\b`) }) });
  }

  chargeableBy(accountName: string): Locator {
    return this.page.getByRole("table", {
      name: `Payment methods ${accountName} can charge this customer with`,
    });
  }

  // ---------------------------------------------------------------- webhooks

  async gotoDeliveries(): Promise<void> {
    await this.open("/webhooks", "Webhook deliveries", "deliveries");
  }

  /** Deliveries of one event type, in one state if given (other tests' may still be on their way). */
  deliveryOf(eventType: string, status?: string): Locator {
    const rows = this.page
      .getByRole("table", { name: "Webhook deliveries, newest first" })
      .getByRole("row")
      .filter({ hasText: eventType });
    return status ? rows.filter({ hasText: status }) : rows;
  }

  async openDelivery(eventType: string, status?: string): Promise<void> {
    await this.deliveryOf(eventType, status)
      .first()
      .getByRole("link", { name: /^Delivery \d+$/ })
      .click();
    await expect(
      this.page.getByRole("heading", { level: 1, name: new RegExp(`^Delivery \\d+: ${eventType}$`) }),
    ).toBeVisible();
    await this.a11y.check("delivery");
  }

  get signature(): Locator {
    return this.page.getByRole("definition").filter({ hasText: /^t=\d+,v1=[0-9a-f]{64}$/ });
  }

  get deliveryBody(): Locator {
    return this.page.getByLabel("Body of the delivery");
  }

  async resend(): Promise<void> {
    const form = this.page.locator("form", { has: this.page.getByRole("button", { name: "Resend now" }) });
    await form.getByRole("button", { name: "Resend now" }).click();
    await expect(form.getByRole("status")).toHaveText("Resent: the endpoint answered 200.");
  }

  get resends(): Locator {
    return this.page
      .getByRole("table", { name: /^Resends of delivery/ })
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") });
  }

  // ---------------------------------------------------------------- faults and the request log

  async gotoFaults(): Promise<void> {
    await this.open("/faults", "Faults and reset", "faults");
  }

  async addLatency(path: string, delayMs: number, count: number): Promise<void> {
    const form = this.page.getByRole("group", { name: "Add a rule" });
    await form.getByLabel("Path").fill(path);
    await form.getByLabel("Latency (ms)").fill(String(delayMs));
    await form.getByLabel(/^At most this many requests/).fill(String(count));
    await this.page.getByRole("button", { name: "Add rule" }).click();
    await expect(this.page.locator("form", { has: form }).getByRole("status")).toHaveText(
      `Rule added for ${path}.`,
    );
  }

  faultRule(path: string): Locator {
    return this.page
      .getByRole("table", { name: "Fault rules in force" })
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: path }) });
  }

  async removeEveryRule(): Promise<void> {
    await this.page.getByRole("button", { name: "Remove every rule" }).click();
    await expect(this.page.getByText("Every fault rule is removed.")).toBeVisible();
  }

  /** The request log, filtered (as its search form does) when other traffic runs beside the test. */
  async gotoRequests(filter?: string): Promise<void> {
    await this.open(
      filter ? `/requests?q=${encodeURIComponent(filter)}` : "/requests",
      "Request log",
      "request log",
    );
  }

  request(pathPart: string): Locator {
    return this.page
      .getByRole("table", { name: /^API requests/ })
      .getByRole("row")
      .filter({ has: this.page.getByRole("rowheader", { name: new RegExp(pathPart) }) });
  }

  /** The request's duration in milliseconds, from its row. */
  async durationOf(row: Locator): Promise<number> {
    const headers = await this.page
      .getByRole("table", { name: /^API requests/ })
      .getByRole("columnheader")
      .allTextContents();
    const index = headers.indexOf("Duration (ms)");
    // The path is the row's header cell, so the data cells after it sit one place earlier.
    const pathIndex = headers.indexOf("Path");
    const cellIndex = index > pathIndex ? index - 1 : index;
    return Number(await row.getByRole("cell").nth(cellIndex).textContent());
  }

  async openRequest(pathPart: string): Promise<void> {
    await this.request(pathPart).first().getByRole("link").click();
    await expect(this.page.getByRole("heading", { name: "Response body" })).toBeVisible();
    await this.a11y.check("request");
  }

  get responseBody(): Locator {
    return this.page.getByLabel("Response body");
  }
}
