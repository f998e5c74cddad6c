import { expect, type Locator, type Page } from "@playwright/test";

export class Header {
  readonly banner: Locator;

  constructor(private readonly page: Page) {
    this.banner = page.getByRole("banner");
  }

  async expectSignedInAs(name: string): Promise<void> {
    await expect(this.banner.getByTestId("current-user")).toHaveText(name);
  }

  async expectSignedOut(): Promise<void> {
    await expect(this.banner.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(this.banner.getByTestId("current-user")).toHaveCount(0);
  }

  async signOut(): Promise<void> {
    await this.banner.getByRole("button", { name: "Sign out" }).click();
    await this.expectSignedOut();
  }
}
