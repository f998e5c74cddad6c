import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class SignUpPage {
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    const form = page.getByRole("form", { name: "Create account" });
    this.name = form.getByLabel("Name");
    this.email = form.getByLabel("Email");
    this.password = form.getByLabel("Password");
    this.submit = form.getByRole("button", { name: "Create account" });
    this.alert = form.getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/signup");
    await expect(this.page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await this.a11y.check();
  }

  async signUp(input: { name: string; email: string; password: string }): Promise<void> {
    await this.name.fill(input.name);
    await this.email.fill(input.email);
    await this.password.fill(input.password);
    await this.submit.click();
  }

  async expectFieldError(label: "Name" | "Email" | "Password", message: string): Promise<void> {
    await expect(
      this.page.getByRole("form", { name: "Create account" }).getByLabel(label),
    ).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await this.a11y.check("field errors");
  }
}
