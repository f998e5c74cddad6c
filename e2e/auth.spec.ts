import { DEMO_USERS } from "../prisma/demo-users";
import { expect, test, uniqueEmail } from "./support/fixtures";

const [jenny, admin] = DEMO_USERS;

test.describe("signing up", () => {
  test("a new shopper creates an account and is signed in", async ({ page, signUpPage, header }) => {
    await signUpPage.goto();
    await signUpPage.signUp({
      name: "Nova Newcomer",
      email: uniqueEmail("nova"),
      password: "nova-rocket-2026",
    });
    await expect(page).toHaveURL("/");
    await header.expectSignedInAs("Nova Newcomer");
  });

  test("a taken email is refused with a clear message", async ({ signUpPage }) => {
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Jenny Again", email: jenny.email, password: "another-pass-123" });
    await expect(signUpPage.alert).toHaveText("An account with that email already exists. Sign in instead.");
    await signUpPage.expectFieldError("Email", "An account with that email already exists.");
  });

  test("a weak password is explained before anything is sent", async ({ signUpPage }) => {
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Weak", email: uniqueEmail("weak"), password: "short" });
    await signUpPage.expectFieldError("Password", "Use at least 10 characters for your password.");
  });
});

test.describe("signing in and out", () => {
  test("the demo shopper signs in and out", async ({ page, signInPage, header }) => {
    await signInPage.goto();
    await signInPage.signIn(jenny.email, jenny.password);
    await expect(page).toHaveURL("/");
    await header.expectSignedInAs(jenny.name);
    await header.signOut();
  });

  test("a wrong password says so and keeps the shopper on the form", async ({ page, signInPage }) => {
    await signInPage.goto();
    await signInPage.signIn(jenny.email, "not-her-password-1");
    await signInPage.expectError("That password is not right. Try again.");
    await expect(page).toHaveURL(/\/signin/);
    await expect(signInPage.email).toHaveValue(jenny.email);
  });

  test("an unknown email is explained", async ({ signInPage }) => {
    await signInPage.goto();
    await signInPage.signIn(uniqueEmail("ghost"), "whatever-pass-1");
    await signInPage.expectError(
      "We couldn't find an account with that email. Check it, or create an account.",
    );
  });

  test("repeated failures lock the email for a while", async ({ page, signUpPage, signInPage, header }) => {
    const email = uniqueEmail("locked");
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Locked Out", email, password: "right-password-1" });
    await header.expectSignedInAs("Locked Out");
    await header.signOut();

    await signInPage.goto();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInPage.signIn(email, `wrong-password-${attempt}`);
      await signInPage.expectError("That password is not right. Try again.");
      await page.reload();
    }
    await signInPage.signIn(email, "right-password-1");
    await signInPage.expectError("Too many failed sign-in attempts. Wait 15 minutes and try again.");
  });
});

test.describe("protected pages", () => {
  test("a visitor is sent to sign in and brought back", async ({ page, signInPage, header }) => {
    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");
    await signInPage.expectLoaded();
    await signInPage.signIn(jenny.email, jenny.password);
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Shared profile" }).getByLabel("Email")).toHaveValue(
      jenny.email,
    );
    await header.expectSignedInAs(jenny.name);
  });

  test("a shopper is refused the organization dashboard", async ({ page, signInPage }) => {
    await signInPage.goto("/org");
    await signInPage.signIn(jenny.email, jenny.password);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
    const response = await page.request.get("/org");
    expect(response.status()).toBe(403);
  });

  test("an admin reaches the organization dashboard", async ({ page, signInPage }) => {
    await signInPage.goto("/org");
    await signInPage.signIn(admin.email, admin.password);
    await expect(page).toHaveURL("/org");
    await expect(page.getByRole("heading", { name: "Organization", level: 1 })).toBeVisible();
  });
});
