import { expect, type Locator, type Page } from "@playwright/test";
import type { Accessibility } from "../support/fixtures";

/** The account page's "Passkeys" section: the list, the form that adds one, and removing one. */
export class PasskeysSection {
  readonly section: Locator;
  readonly passkeys: Locator;
  readonly addForm: Locator;

  constructor(
    private readonly page: Page,
    private readonly a11y: Accessibility,
  ) {
    this.section = page.getByRole("region", { name: "Passkeys" });
    this.passkeys = this.section.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
    this.addForm = this.section.getByRole("form", { name: "Add a passkey" });
  }

  passkey(name: string): Locator {
    return this.passkeys.filter({ hasText: name });
  }

  async add(name: string): Promise<void> {
    await this.addForm.getByLabel("Passkey name (optional)").fill(name);
    await this.addForm.getByRole("button", { name: "Add a passkey" }).click();
    await expect(this.addForm.getByRole("status")).toHaveText(
      `“${name}” is added. Next time, sign in with it — no password needed.`,
    );
    await expect(this.passkey(name)).toContainText("not used yet");
    await this.a11y.check("with a passkey");
  }

  async remove(name: string): Promise<void> {
    await this.passkey(name)
      .getByRole("button", { name: `Remove passkey ${name}` })
      .click();
    const dialog = this.page.getByRole("dialog", { name: `Remove the passkey “${name}”?` });
    await expect(dialog).toBeVisible();
    await this.a11y.check("removing a passkey");
    await dialog.getByRole("button", { name: "Remove passkey" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.passkey(name)).toHaveCount(0);
  }
}
