import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";
import { Header } from "./pages/header";
import { SignInPage } from "./pages/sign-in-page";
import { Accessibility, expect, test, uniqueEmail } from "./support/fixtures";
import { E2E_APP_URL } from "./support/servers";

const [jenny, admin] = DEMO_USERS;

const WRONG_CREDENTIALS = "That email and password don't match an account. Check them and try again.";
const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Wait a few minutes and try again.";

/** Another browser (its own cookies), with the page objects a test drives it by. */
async function otherBrowser(browser: Browser): Promise<{
  context: BrowserContext;
  signInPage: SignInPage;
  header: Header;
  page: Page;
}> {
  const context = await browser.newContext({ baseURL: E2E_APP_URL });
  const page = await context.newPage();
  return {
    context,
    page,
    signInPage: new SignInPage(page, new Accessibility(page)),
    header: new Header(page),
  };
}

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

  test("an easily guessed password is refused with the reason", async ({ signUpPage }) => {
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Guessable", email: uniqueEmail("guessable"), password: "Password123!" });
    await signUpPage.expectFieldError("Password", "That password is too easy to guess.");
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
    await signInPage.expectError(WRONG_CREDENTIALS);
    await expect(page).toHaveURL(/\/signin/);
    await expect(signInPage.email).toHaveValue(jenny.email);
  });

  test("an unknown email gets the same answer as a wrong password", async ({ signInPage }) => {
    await signInPage.goto();
    await signInPage.signIn(uniqueEmail("ghost"), "whatever-pass-1");
    await signInPage.expectError(WRONG_CREDENTIALS);
  });

  test("repeated failures from one browser refuse it for a while", async ({
    page,
    signUpPage,
    signInPage,
    header,
  }) => {
    const email = uniqueEmail("locked");
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Locked Out", email, password: "violet-comet-harbor-7" });
    await header.expectSignedInAs("Locked Out");
    await header.signOut();

    await signInPage.goto();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInPage.signIn(email, `wrong-password-${attempt}`);
      await signInPage.expectError(WRONG_CREDENTIALS);
      await page.reload();
    }
    await signInPage.signIn(email, "violet-comet-harbor-7");
    await signInPage.expectError(TOO_MANY_ATTEMPTS);
  });

  test("someone guessing a shopper's password elsewhere cannot keep the shopper out", async ({
    browser,
    signUpPage,
    signInPage,
    header,
  }) => {
    const email = uniqueEmail("targeted");
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Targeted Shopper", email, password: "amber-glacier-lantern-3" });
    await header.expectSignedInAs("Targeted Shopper");
    await header.signOut();

    const attacker = await otherBrowser(browser);
    await attacker.signInPage.goto();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await attacker.signInPage.signIn(email, `guess-${attempt}-password`);
      await attacker.signInPage.expectError(WRONG_CREDENTIALS);
    }
    await attacker.signInPage.signIn(email, `guess-6-password`);
    await attacker.signInPage.expectError(TOO_MANY_ATTEMPTS);
    await attacker.context.close();

    // The shopper's own browser signed in to this account before: it is not refused.
    await signInPage.goto();
    await signInPage.signIn(email, "amber-glacier-lantern-3");
    await header.expectSignedInAs("Targeted Shopper");
  });

  test("a copied session cookie stops working when its owner signs out", async ({
    page,
    browser,
    signInPage,
    header,
  }) => {
    await signInPage.goto();
    await signInPage.signInAs(jenny);
    const cookies = await page.context().cookies();

    const thief = await browser.newContext({ baseURL: E2E_APP_URL });
    await thief.addCookies(cookies);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/account");
    await expect(thiefPage.getByRole("heading", { name: "Your account" })).toBeVisible();
    expect(await (await thief.request.get("/api/auth/session")).json()).toMatchObject({
      user: { email: jenny.email },
    });

    await header.signOut();
    await thiefPage.goto("/account");
    await expect(thiefPage).toHaveURL("/signin?callbackUrl=%2Faccount");
    const api = await thief.request.get("/api/checkout/sessions/cs_test_anything");
    expect(api.status()).toBe(401);
    // next-auth's own endpoint no longer vouches for it either.
    expect(await (await thief.request.get("/api/auth/session")).json()).toEqual({});
    await thief.close();
  });

  test("changing the email signs out every other browser, not this one", async ({
    page,
    browser,
    signUpPage,
    accountPage,
    header,
  }) => {
    const email = uniqueEmail("mover");
    const password = "copper-meadow-violin-5";
    await signUpPage.goto();
    await signUpPage.signUp({ name: "Moving Shopper", email, password });
    await header.expectSignedInAs("Moving Shopper");

    const laptop = await otherBrowser(browser);
    await laptop.signInPage.goto();
    await laptop.signInPage.signInAs({ email, password, name: "Moving Shopper" });

    await accountPage.goto();
    await accountPage.profile.getByLabel("Email").fill(uniqueEmail("moved"));
    await accountPage.profile.getByRole("button", { name: "Save profile" }).click();
    await expect(accountPage.profile.getByRole("status")).toHaveText(
      "Saved. Every Rocket brand now sees these details.",
    );

    await page.reload();
    await header.expectSignedInAs("Moving Shopper");
    await laptop.page.goto("/account");
    await expect(laptop.page).toHaveURL("/signin?callbackUrl=%2Faccount");
    await laptop.context.close();
  });
});

test.describe("where sign-in leads", () => {
  test("a callback hiding a second slash behind a tab never leaves the site", async ({
    page,
    signInPage,
    header,
  }) => {
    await page.goto("/signin?callbackUrl=%2F%09%2Fevil.example");
    await signInPage.expectLoaded();
    await signInPage.signIn(jenny.email, jenny.password);
    await header.expectSignedInAs(jenny.name);
    await expect(page).toHaveURL("/");

    // Already signed in, the sign-in page sends the shopper on at once: still home.
    await page.goto("/signin?callbackUrl=%2F%09%2Fevil.example");
    await expect(page).toHaveURL("/");
  });

  test("next-auth's own redirect after sign-in stays on the site", async ({ request }) => {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    for (const callbackUrl of [
      "/\t/evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "/.//evil.example",
    ]) {
      const response = await request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: jenny.email, password: jenny.password, callbackUrl, json: "true" },
      });
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url).origin, callbackUrl).toBe(E2E_APP_URL);
      expect(new URL(url).pathname, callbackUrl).toBe("/");
    }
  });

  test("next-auth's endpoints answer an unusable callback without a server error", async ({ request }) => {
    for (const path of ["/api/auth/session", "/api/auth/providers", "/api/auth/csrf"]) {
      const response = await request.get(`${path}?callbackUrl=%0Anot-a-url`);
      expect(response.status(), path).toBe(200);
    }
  });

  const unsafeCallbacks = [
    ["a newline", "%2F%0A%2Fevil.example"],
    ["a carriage return", "%2F%0D%2Fevil.example"],
    ["non-ASCII text", "%2F%E2%80%AE%2Fevil.example"],
  ] as const;

  test("a signed-in shopper sent to sign in with an unsafe callback goes home", async ({
    page,
    signInPage,
    header,
  }) => {
    await signInPage.goto();
    await signInPage.signInAs(jenny);
    for (const [label, value] of unsafeCallbacks) {
      const response = await page.goto(`/signin?callbackUrl=${value}`);
      expect(response?.status(), label).toBe(200);
      await expect(page, label).toHaveURL("/");
      await header.expectSignedInAs(jenny.name);
    }
  });

  for (const [label, value] of unsafeCallbacks) {
    test(`a callback with ${label} shows the sign-in page, leading home`, async ({ page, signInPage }) => {
      const response = await page.goto(`/signin?callbackUrl=${value}`);
      expect(response?.status()).toBe(200);
      await signInPage.expectLoaded();
      await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute(
        "href",
        "/signup?callbackUrl=%2F",
      );
    });
  }
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
