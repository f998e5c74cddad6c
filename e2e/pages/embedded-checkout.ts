import AxeBuilder from "@axe-core/playwright";
import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export type CheckoutTarget = {
  /** The session's client secret. */
  secret: string;
  /** Publishable key and account of the brand the session was created in. */
  pk: string;
  account: string;
  /** Mount without onComplete, so Checkout follows the session's return_url. */
  followReturnUrl?: boolean;
};

export type CardDetails = {
  number: string;
  expiry?: string;
  cvc?: string;
  name?: string;
  country?: string;
  postalCode?: string;
};

/**
 * The app's test page hosting the embedded Checkout (`/test/embedded-checkout`) and,
 * inside its iframe, the emulator's checkout page.
 */
export class EmbeddedCheckoutPage {
  readonly frame: FrameLocator;
  readonly payButton: Locator;
  readonly email: Locator;
  readonly cardNumber: Locator;
  readonly cardBrand: Locator;
  readonly expiry: Locator;
  readonly cvc: Locator;
  readonly cardholderName: Locator;
  readonly country: Locator;
  readonly postalCode: Locator;
  readonly saveCard: Locator;
  readonly useAnotherCard: Locator;
  readonly savedCards: Locator;
  readonly completeAuthentication: Locator;
  readonly failAuthentication: Locator;
  readonly successHeading: Locator;
  readonly appComplete: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.frame = page.frameLocator('iframe[title="Secure checkout"]');
    this.payButton = this.frame.getByRole("button", { name: /^Pay / });
    this.email = this.frame.getByLabel("Email");
    this.cardNumber = this.frame.getByLabel("Card number");
    this.cardBrand = this.frame.locator("#card-brand");
    this.expiry = this.frame.getByLabel("Expiration");
    this.cvc = this.frame.getByLabel("CVC");
    this.cardholderName = this.frame.getByLabel("Cardholder name");
    this.country = this.frame.getByLabel("Country");
    this.postalCode = this.frame.getByLabel("Postal code");
    this.saveCard = this.frame.getByRole("checkbox", { name: /^Save my card for future purchases/ });
    this.useAnotherCard = this.frame.getByRole("button", { name: "Use another card" });
    this.savedCards = this.frame.getByRole("group", { name: "Saved cards" }).getByRole("radio");
    this.completeAuthentication = this.frame.getByRole("button", { name: "Complete authentication" });
    this.failAuthentication = this.frame.getByRole("button", { name: "Fail authentication" });
    this.successHeading = this.frame.getByRole("heading", { name: "Payment successful" });
    this.appComplete = page.getByText("Payment complete");
  }

  static url(target: CheckoutTarget): string {
    const query = new URLSearchParams({ secret: target.secret, pk: target.pk, account: target.account });
    if (target.followReturnUrl) query.set("redirect", "1");
    return `/test/embedded-checkout?${query.toString()}`;
  }

  /** Opens the test page and waits for the checkout form (or a notice) inside the iframe. */
  async goto(target: CheckoutTarget, opts: { expectForm?: boolean } = {}): Promise<void> {
    await this.page.goto(EmbeddedCheckoutPage.url(target));
    if (opts.expectForm ?? true) {
      await expect(this.payButton).toBeVisible();
      await this.a11y.check((await this.frame.getByRole("radio").count()) > 0 ? "saved cards" : "card form");
    } else {
      await expect(this.frame.getByRole("heading", { level: 1 })).toBeVisible();
    }
  }

  savedCard(label: string | RegExp): Locator {
    return this.frame.getByRole("radio", { name: label });
  }

  /** A message announced in the checkout (role=alert) with this text. */
  alert(message: string | RegExp): Locator {
    return this.frame.getByRole("alert").filter({ hasText: message });
  }

  notice(title: string): Locator {
    return this.frame.getByRole("heading", { name: title });
  }

  async fillCard(card: CardDetails): Promise<void> {
    await this.cardNumber.fill(card.number);
    await this.expiry.fill(card.expiry ?? "12 / 34");
    await this.cvc.fill(card.cvc ?? "123");
    await this.cardholderName.fill(card.name ?? "Jenny Rosen");
    if (card.country) await this.country.selectOption(card.country);
    await this.postalCode.fill(card.postalCode ?? "94103");
  }

  async pay(): Promise<void> {
    await this.payButton.click();
  }

  async expectPaid(): Promise<void> {
    await expect(this.successHeading).toBeVisible();
  }

  /** Axe scan of the page in its current state (the fixture scans each path once only). */
  async checkAccessibility(state: string): Promise<void> {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }));
    expect(blocking, `accessibility violations in checkout state "${state}"`).toEqual([]);
  }
}
