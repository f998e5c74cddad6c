import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test } from "./support/fixtures";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";

// The README's home picture (`npm run screenshots` rewrites docs/screenshots/).
test.describe("README screenshots", () => {
  test("home page, signed in", { tag: README_SCREENSHOTS }, async ({ page, signInPage, header }) => {
    const [jenny] = DEMO_USERS;
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInPage.goto();
    await signInPage.signIn(jenny.email, jenny.password);
    await header.expectSignedInAs(jenny.name);
    await expect(page.getByRole("heading", { name: "One card. Every Rocket brand." })).toBeVisible();
    await page.screenshot({ path: screenshotPath("home.png"), fullPage: true });
  });
});
