import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    const form = page.getByRole("form", { name: "Sign in" });
    this.email = form.getByLabel("Email");
    this.password = form.getByLabel("Password");
    this.submit = form.getByRole("button", { name: "Sign in" });
    this.alert = form.getByRole("alert");
  }

  async goto(callbackUrl?: string): Promise<void> {
    await this.page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
    await this.a11y.check();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Signs in and waits until the app has left the sign-in page. */
  async signInAs(user: { email: string; password: string; name: string }): Promise<void> {
    await this.signIn(user.email, user.password);
    await expect(this.page.getByRole("banner").getByTestId("current-user")).toHaveText(user.name);
  }

  async expectError(message: string): Promise<void> {
    await expect(this.alert).toHaveText(message);
    await this.a11y.check("error");
  }
}
