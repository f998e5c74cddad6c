import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** The demo's "Under the hood" panel on the checkout and return pages (local emulator only). */
export class UnderTheHoodPanel {
  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {}

  private get region(): Locator {
    return this.page.getByRole("region", { name: "Under the hood" });
  }

  get toggle(): Locator {
    return this.region.getByRole("button", { name: "Under the hood" });
  }

  get calls(): Locator {
    return this.region.getByRole("table", { name: /Requests naming this session/ });
  }

  /** The customer id shown for one brand's account. */
  customerIn(brandName: string): Locator {
    return this.region
      .getByRole("list", { name: "Customer id in each brand's account" })
      .getByRole("listitem")
      .filter({ hasText: brandName });
  }

  get events(): Locator {
    return this.region.getByRole("list", { name: "Webhook events received" });
  }

  /** Opens the panel from the keyboard (focus, then Enter or Space) and waits for its report. */
  async openWithKey(key: "Enter" | " "): Promise<void> {
    await expect(this.toggle).toHaveAttribute("aria-expanded", "false");
    await this.toggle.focus();
    await this.page.keyboard.press(key === " " ? "Space" : key);
    await expect(this.toggle).toHaveAttribute("aria-expanded", "true");
    await expect(this.region.getByRole("heading", { name: "Stripe calls" })).toBeVisible();
    await this.a11y.check("under the hood");
  }

  /** The row of a call, by its method and path. */
  call(method: string, path: string): Locator {
    return this.calls.getByRole("row").filter({ hasText: `${method} ${path}` });
  }

  /** Refreshes until the event is listed (webhooks arrive on their own time). */
  async expectEvent(type: string): Promise<Locator> {
    const event = this.events.getByRole("listitem").filter({ hasText: type });
    await expect(async () => {
      await this.region.getByRole("button", { name: "Refresh" }).click();
      await expect(event.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    return event.first();
  }
}
