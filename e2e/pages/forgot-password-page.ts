import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class ForgotPasswordPage {
  readonly email: Locator;
  readonly submit: Locator;
  readonly status: Locator;
  readonly alert: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    const form = page.getByRole("form", { name: "Forgot password" });
    this.email = form.getByLabel("Email");
    this.submit = form.getByRole("button", { name: /link/ });
    this.status = page.getByRole("status").filter({ hasText: /\S/ });
    this.alert = form.getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/forgot-password");
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole("heading", { name: "Forgot your password?", level: 1 })).toBeVisible();
    await this.a11y.check();
  }

  /** Asks for a link and waits for the answer, which is the same for every address. */
  async requestLink(email: string): Promise<void> {
    await this.email.fill(email);
    await this.submit.click();
    await expect(this.status).toHaveText(
      "If an account exists for that email, we sent it a link to choose a new password. It works for 30 minutes.",
    );
    await this.a11y.check("sent");
  }
}
