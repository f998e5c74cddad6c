import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

export class StorefrontPage {
  readonly cart: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.cart = page.getByRole("complementary", { name: "Your cart" });
  }

  async goto(brand: string, brandName: string): Promise<void> {
    await this.page.goto(`/${brand}`);
    await expect(this.page.getByRole("heading", { name: brandName, level: 1 })).toBeVisible();
    await expect(
      this.page.getByRole("navigation", { name: "Brands" }).getByRole("link", { name: brandName }),
    ).toHaveAttribute("aria-current", "page");
    await this.a11y.check();
  }

  async add(productName: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      await this.page.getByRole("button", { name: `Add to cart: ${productName}` }).click();
    }
    await expect(this.cart.getByLabel(`Quantity of ${productName}`)).toHaveValue(String(times));
  }

  async setQuantity(productName: string, quantity: string): Promise<void> {
    await this.cart.getByLabel(`Quantity of ${productName}`).fill(quantity);
  }

  async expectTotal(text: string): Promise<void> {
    await expect(this.cart.getByTestId("cart-total")).toHaveText(text);
  }

  async checkout(): Promise<void> {
    await this.cart.getByRole("link", { name: "Checkout" }).click();
  }
}
