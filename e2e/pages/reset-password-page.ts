import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class ResetPasswordPage {
  readonly password: Locator;
  readonly confirmPassword: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    const form = page.getByRole("form", { name: "Choose a new password" });
    this.password = form.getByLabel("New password", { exact: true });
    this.confirmPassword = form.getByLabel("New password, again");
    this.submit = form.getByRole("button", { name: "Save the new password" });
    this.alert = page.getByRole("alert").filter({ hasText: /\S/ });
  }

  async open(link: string): Promise<void> {
    await this.page.goto(link);
    await expect(this.page.getByRole("heading", { name: "Choose a new password", level: 1 })).toBeVisible();
  }

  async expectForm(): Promise<void> {
    await expect(this.password).toBeVisible();
    await this.a11y.check();
  }

  async choose(password: string): Promise<void> {
    await this.password.fill(password);
    await this.confirmPassword.fill(password);
    await this.submit.click();
  }

  async expectPasswordError(message: string | RegExp): Promise<void> {
    await expect(this.page.locator("#field-password-error")).toHaveText(message);
    await this.a11y.check("error");
  }

  async expectChanged(): Promise<void> {
    await expect(this.page.getByRole("status").filter({ hasText: /\S/ })).toHaveText(
      "Your password is changed. Sign in with it.",
    );
    await this.a11y.check("changed");
  }

  async expectLinkUnusable(): Promise<void> {
    await expect(this.alert).toHaveText("This link has expired or was already used. Ask for a new one.");
    await expect(this.page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
    await this.a11y.check("unusable");
  }
}
