import type { APIRequestContext } from "@playwright/test";
import { ForgotPasswordPage } from "./pages/forgot-password-page";
import { ResetPasswordPage } from "./pages/reset-password-page";
import { linkIn, mailTo, waitForMail } from "./support/mail-catcher";
import { E2E_APP_URL, NEEDS_MAIL_CATCHER } from "./support/servers";
import { expect, test, uniqueEmail } from "./support/fixtures";

const RESET_SUBJECT = /^Reset your Rocket Checkout password$/;

async function signUp(request: APIRequestContext, name: string, email: string, password: string) {
  const response = await request.post("/api/auth/signup", { data: { name, email, password } });
  expect(response.status(), await response.text()).toBe(201);
}

async function signInThrough(request: APIRequestContext, email: string, password: string): Promise<string> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  return signedInEmail(request);
}

async function signedInEmail(request: APIRequestContext): Promise<string> {
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  return session.user?.email ?? "nobody";
}

test(
  "a forgotten password is reset through the emailed link, which then works no more",
  { tag: NEEDS_MAIL_CATCHER },
  async ({ page, a11y, playwright, request, signInPage }) => {
    // Two sign-ins, a sign-up and a reset, each hashing a password on a shared machine.
    test.slow();
    const name = "Reset Shopper";
    const email = uniqueEmail("reset");
    const oldPassword = "first-password-quince-42";
    const newPassword = "second-password-walrus-77";
    await signUp(request, name, email, oldPassword);
    // Signed in elsewhere with the old password: the reset ends that session.
    const elsewhere = await playwright.request.newContext({ baseURL: E2E_APP_URL });
    expect(await signInThrough(elsewhere, email, oldPassword)).toBe(email);

    await signInPage.goto();
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    const forgot = new ForgotPasswordPage(page, a11y);
    await forgot.expectLoaded();
    await forgot.requestLink(email);

    const [mail] = await waitForMail(email, RESET_SUBJECT);
    const link = linkIn(mail!, "/reset-password");
    expect(new URL(link).origin).toBe(E2E_APP_URL);
    expect(mail!.text).toContain("works once, for 30 minutes");

    const reset = new ResetPasswordPage(page, a11y);
    await reset.open(link);
    await reset.expectForm();
    // The sign-up rules hold here too: a common password is refused.
    await reset.choose("password1234");
    await reset.expectPasswordError(/too easy to guess/);
    await reset.choose(newPassword);
    await reset.expectChanged();
    expect(await signedInEmail(elsewhere), "the other session has ended").toBe("nobody");

    await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await signInPage.expectLoaded();
    await signInPage.signIn(email, oldPassword);
    await signInPage.expectError("That email and password don't match an account. Check them and try again.");
    await signInPage.signInAs({ email, password: newPassword, name });

    // Single use: the same link again, even signed in, sets nothing.
    await reset.open(link);
    await reset.expectLinkUnusable();
    const replay = await request.post("/api/password-reset/confirm", {
      data: { token: new URL(link).searchParams.get("token"), password: "third-password-otter-19" },
    });
    expect(replay.status()).toBe(400);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toBe(
      "This link has expired or was already used. Ask for a new one.",
    );
    await elsewhere.dispose();
  },
);

test(
  "an unknown email gets the same answer and no mail; a made-up link sets nothing",
  { tag: NEEDS_MAIL_CATCHER },
  async ({ page, a11y, request }) => {
    const unknown = uniqueEmail("nobody-has-this");
    const known = uniqueEmail("reset-known");
    await signUp(request, "Known Shopper", known, "known-password-heron-31");

    const forgot = new ForgotPasswordPage(page, a11y);
    await forgot.goto();
    await forgot.requestLink(unknown);
    const answers = await Promise.all(
      [unknown, known].map(async (email) => {
        const response = await request.post("/api/password-reset", { data: { email } });
        return [response.status(), await response.json()] as const;
      }),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]![0]).toBe(202);
    // The known address's mail arrives; the unknown one, asked for first, never got any.
    await waitForMail(known, RESET_SUBJECT);
    expect(await mailTo(unknown)).toEqual([]);

    const reset = new ResetPasswordPage(page, a11y);
    await reset.open(`/reset-password?token=${"A".repeat(43)}`);
    await reset.expectLinkUnusable();
  },
);

test("links to one address are limited, for known and unknown addresses alike", async ({ request }) => {
  const known = uniqueEmail("limit-known");
  await signUp(request, "Limit Shopper", known, "limit-password-ibex-58");
  for (const email of [uniqueEmail("limit-unknown"), known]) {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await request.post("/api/password-reset", { data: { email } })).status());
    }
    expect(statuses, email).toEqual([202, 202, 202, 202, 202, 429]);
  }
});
