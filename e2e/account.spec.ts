import { expect, test } from "./support/fixtures";

test("the shared profile saves, and bad values are explained without losing the rest", async ({
  page,
  newShopper,
  accountPage,
}) => {
  await newShopper("Sam Shopper");
  await accountPage.goto();
  const form = accountPage.profile;
  await form.getByLabel("Address line 1").fill("1 Market Street");
  await form.getByLabel("City").fill("San Francisco");
  await form.getByLabel("Phone").fill("call me");
  await form.getByLabel("Country").selectOption({ label: "United States" });
  await form.getByRole("button", { name: "Save profile" }).click();
  await expect(form.getByRole("alert")).toHaveText("Some fields need your attention.");
  await expect(form.getByLabel("Phone")).toHaveAccessibleDescription(
    "Enter a phone number with digits, spaces, dashes or a leading +.",
  );
  await expect(form.getByLabel("City")).toHaveValue("San Francisco");
  await expect(form.getByLabel("Country")).toHaveValue("US");

  await form.getByLabel("Phone").fill("+1 415 555 0199");
  await form.getByRole("button", { name: "Save profile" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved. Every Rocket brand now sees these details.");
  await page.reload();
  await expect(accountPage.profile.getByLabel("Phone")).toHaveValue("+1 415 555 0199");
  await expect(accountPage.profile.getByLabel("City")).toHaveValue("San Francisco");
  await expect(accountPage.profile.getByLabel("Country")).toHaveValue("US");
});
