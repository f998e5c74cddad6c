import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export interface TestCard {
  number: string;
  expiry?: string;
  cvc?: string;
  name?: string;
  postalCode?: string;
}

/** Our checkout page: the order summary and the embedded Checkout inside its iframe. */
export class CheckoutPage {
  readonly summary: Locator;
  readonly frame: FrameLocator;
  /** Beside the embedded Checkout: why the saved cards are (or are not) offered here. */
  readonly walletNote: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.summary = page.getByRole("region", { name: "Order summary" });
    this.frame = page.frameLocator('iframe[title="Secure checkout"]');
    this.walletNote = page.getByRole("complementary", { name: "Your saved cards" });
  }

  /** Checkout offers no saved card: the card form is there and nothing to pick. */
  async expectNoSavedCards(): Promise<void> {
    await expect(this.frame.getByLabel("Card number")).toBeVisible();
    await expect(this.frame.getByRole("radio")).toHaveCount(0);
  }

  async expectLoaded(brandName: string): Promise<void> {
    await expect(this.page.getByRole("heading", { name: `Checkout at ${brandName}` })).toBeVisible();
    await expect(this.frame.getByRole("button", { name: /^Pay / })).toBeVisible();
    await this.a11y.check((await this.frame.getByRole("radio").count()) > 0 ? "saved cards" : "card form");
  }

  savedCard(label: string): Locator {
    return this.frame.getByRole("radio", { name: new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  }

  async useNewCard(): Promise<void> {
    const useAnother = this.frame.getByRole("button", { name: "Use another card" });
    if (await useAnother.isVisible()) await useAnother.click();
  }

  async fillCard(card: TestCard, options: { save?: boolean } = {}): Promise<void> {
    await this.frame.getByLabel("Card number").fill(card.number);
    await this.frame.getByLabel("Expiration").fill(card.expiry ?? "12 / 34");
    await this.frame.getByLabel("CVC").fill(card.cvc ?? "123");
    await this.frame.getByLabel("Cardholder name").fill(card.name ?? "Jenny Rosen");
    const postal = this.frame.getByLabel("Postal code");
    if (await postal.isVisible()) await postal.fill(card.postalCode ?? "94103");
    if (options.save) await this.frame.getByRole("checkbox", { name: /Save my card/ }).check();
  }

  /** Pays with a card typed into the form (past any saved card Checkout preselects). */
  async payWithNewCard(card: TestCard, options: { save?: boolean } = {}): Promise<void> {
    await this.useNewCard();
    await this.fillCard(card, options);
    await this.pay();
  }

  async pay(): Promise<void> {
    await this.frame.getByRole("button", { name: /^Pay / }).click();
  }

  async expectDeclined(message: string): Promise<void> {
    await expect(this.frame.getByRole("alert").filter({ hasText: message })).toBeVisible();
  }

  /** Another tab took over this cart's checkout: nothing can be paid here. */
  async expectContinuedInAnotherTab(): Promise<void> {
    await expect(
      this.page.getByRole("status").filter({ hasText: "This checkout continues in another tab." }),
    ).toBeVisible();
    await expect(this.page.locator('iframe[title="Secure checkout"]')).toHaveCount(0);
    await this.a11y.check("continued in another tab");
  }

  async continueHere(): Promise<void> {
    await this.page.getByRole("button", { name: "Continue in this tab" }).click();
  }

  /** The cart was paid (in another tab): no way to pay it twice, and the way to the orders. */
  async expectAlreadyPaid(): Promise<void> {
    await expect(
      this.page.getByRole("status").filter({ hasText: "This cart is already paid" }),
    ).toBeVisible();
    await expect(this.page.locator('iframe[title="Secure checkout"]')).toHaveCount(0);
    await expect(this.page.getByRole("link", { name: "See your orders" })).toBeVisible();
    await this.a11y.check("cart already paid");
  }
}
