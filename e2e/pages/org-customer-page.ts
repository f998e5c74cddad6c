import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** One customer across every brand (`/org/customers/:id`). */
export class OrgCustomerPage {
  readonly timeline: Locator;
  readonly spend: Locator;
  readonly chart: Locator;
  readonly savedCards: Locator;
  readonly profile: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.timeline = page.getByTestId("timeline-row");
    this.spend = page.getByTestId("spend");
    this.chart = page.getByRole("img", { name: /Lifetime spend per brand/ });
    this.savedCards = page.getByRole("list", { name: "Saved cards", exact: true }).getByRole("listitem");
    this.profile = page.getByRole("form", { name: "Customer profile" });
  }

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page).toHaveURL(/\/org\/customers\/[^/]+$/);
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await this.a11y.check();
  }

  transaction(brandName: string): Locator {
    return this.timeline.filter({ hasText: brandName });
  }

  /** The amount shown for a brand (or "Total") in the spend figures. */
  spendOf(label: string): Locator {
    return this.spend
      .locator("div")
      .filter({ has: this.page.locator("dt", { hasText: label }) })
      .locator("dd")
      .first();
  }

  /** Opens the refund dialog of a brand's payment, sets the amount and reason and confirms with a double click. */
  async refund(brandName: string, amount: string, reason = "The customer asked for it"): Promise<void> {
    await this.transaction(brandName)
      .getByRole("button", { name: /^Refund / })
      .click();
    const dialog = this.page.getByRole("dialog", { name: `Refund a ${brandName} payment` });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel(/Amount to refund/).fill(amount);
    await dialog.getByLabel(/Reason/).fill(reason);
    await dialog.getByRole("button", { name: "Confirm refund" }).dblclick();
    await expect(dialog).toBeHidden();
  }

  /** Adds a card through the "Add a card" dialog's embedded Checkout (setup mode); resolves once it is saved. */
  async addCard(card: { number: string; name: string; label: string; consent?: string }): Promise<void> {
    const dialog = await this.openCardForm(card.consent ?? "Asked by phone, agreed");
    const frame = dialog.frameLocator('iframe[title="Secure checkout"]');
    await frame.getByLabel("Card number").fill(card.number);
    await frame.getByLabel("Expiration").fill("12 / 34");
    await frame.getByLabel("CVC").fill("123");
    await frame.getByLabel("Cardholder name").fill(card.name);
    const postal = frame.getByLabel("Postal code");
    if (await postal.isVisible()) await postal.fill("94103");
    await frame.getByRole("button", { name: "Save card" }).click();
    await expect(dialog.getByRole("status")).toHaveText(
      `${card.label} is saved and shared with every brand.`,
    );
    await this.a11y.check("add-card dialog");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
  }

  /** Opens "Add a card" and closes it with Cancel once the form is there: nothing is saved. */
  async cancelAddingCard(): Promise<void> {
    const dialog = await this.openCardForm("Asked by phone, agreed");
    await expect(
      dialog.frameLocator('iframe[title="Secure checkout"]').getByLabel("Card number"),
    ).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  }

  /** Opens "Add a card", records the customer's consent and continues to the card form. */
  private async openCardForm(consent: string): Promise<Locator> {
    await this.page.getByRole("button", { name: "Add a card" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add a card for every brand" });
    await dialog.getByLabel("The customer's consent").fill(consent);
    await dialog.getByRole("button", { name: "Continue to the card form" }).click();
    return dialog;
  }

  /** The shopper's wallet as the admin reads it: each brand's choice and the audit trail. */
  brandChoice(brandName: string): Locator {
    return this.page.getByRole("list", { name: "Brands offering the saved cards" }).getByRole("listitem", {
      name: brandName,
    });
  }

  get trail(): Locator {
    return this.page.getByRole("list", { name: "Changes to the wallet and profile" }).getByRole("listitem");
  }

  /** Removes a saved card, confirming in the dialog. */
  async removeCard(label: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove ${label}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `Remove ${label}?` });
    await dialog.getByRole("button", { name: "Remove card" }).click();
    await expect(dialog).toBeHidden();
  }

  async editProfile(fields: { name?: string; email?: string }): Promise<void> {
    if (fields.name !== undefined) await this.profile.getByLabel("Name").fill(fields.name);
    if (fields.email !== undefined) await this.profile.getByLabel("Email").fill(fields.email);
    await this.profile.getByRole("button", { name: "Save shared profile" }).click();
    await expect(this.profile.getByText("Saved. Every Rocket brand now sees these details.")).toBeVisible();
  }
}
