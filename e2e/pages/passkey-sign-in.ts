import { expect, type Locator, type Page } from "@playwright/test";

/** The sign-in page's "Sign in with a passkey" (the email and password form is `SignInPage`). */
export class PasskeySignIn {
  readonly button: Locator;
  readonly alert: Locator;

  constructor(private readonly page: Page) {
    this.button = page.getByRole("button", { name: "Sign in with a passkey" });
    this.alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }

  /** Signs in with the device's passkey and waits until the header names the shopper. */
  async signInAs(name: string): Promise<void> {
    await this.button.click();
    await expect(this.page.getByRole("banner").getByTestId("current-user")).toHaveText(name);
  }

  async expectRefused(message: string): Promise<void> {
    await this.button.click();
    await expect(this.alert).toHaveText(message);
    await expect(this.page.getByRole("banner").getByTestId("current-user")).toHaveCount(0);
  }
}
