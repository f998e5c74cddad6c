import { PASSKEY_SIGN_IN_ERRORS } from "../lib/auth/passkeys-messages";
import { PasskeySignIn } from "./pages/passkey-sign-in";
import { PasskeysSection } from "./pages/passkeys-section";
import { VirtualAuthenticator } from "./pages/virtual-authenticator";
import { expect, test } from "./support/fixtures";
import { E2E_APP_URL } from "./support/servers";

const VISA = { number: "4242 4242 4242 4242" };

test("a passkey added on the account page signs in with no password, and buys at the other brand in one click", async ({
  page,
  a11y,
  header,
  newShopper,
  signInPage,
  storefront,
  checkoutPage,
  confirmationPage,
  accountPage,
}) => {
  // Two purchases, two sign-ins and a removal: a long flow on a shared machine.
  test.setTimeout(120_000);
  const device = await VirtualAuthenticator.attach(page);
  const passkeys = new PasskeysSection(page, a11y);
  const passkeySignIn = new PasskeySignIn(page);
  const shopper = await newShopper("Pat Passkey");

  // A first purchase at Rocket Rides saves the card for every brand.
  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("City ride");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Rides");
  await checkoutPage.payWithNewCard(VISA, { save: true });
  await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");

  await accountPage.goto();
  await expect(passkeys.section).toContainText("No passkeys yet.");
  await passkeys.add("Test laptop");
  expect(await device.credentials()).toEqual([{ rpId: new URL(E2E_APP_URL).hostname, signCount: 1 }]);

  await header.signOut();
  await signInPage.goto();
  await passkeySignIn.signInAs(shopper.name);

  // Signed in by the passkey alone: the card saved at Rides is ready at Deliveries.
  await storefront.goto("deliveries", "Rocket Deliveries");
  await storefront.add("Grocery run");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Deliveries");
  await expect(checkoutPage.savedCard("Visa •••• 4242")).toBeChecked();
  await checkoutPage.pay();
  await confirmationPage.expectPaid("Rocket Deliveries", "Visa •••• 4242");

  await accountPage.goto();
  await expect(passkeys.passkey("Test laptop")).toContainText("last used");
  await accountPage.expectOrders([
    { brand: "Rocket Deliveries", total: "$25.00" },
    { brand: "Rocket Rides", total: "$18.50" },
  ]);

  // Removed: the device still holds the passkey, and the app no longer takes it.
  await passkeys.remove("Test laptop");
  await expect(passkeys.section).toContainText("No passkeys yet.");
  await header.signOut();
  await signInPage.goto();
  await passkeySignIn.expectRefused(PASSKEY_SIGN_IN_ERRORS.PasskeyUnknown);
  await a11y.check("passkey refused");

  // The password kept working all along.
  await signInPage.signInAs(shopper);
  await device.detach();
});

test("a passkey sign-in answer is used once: replaying it is refused", async ({
  page,
  header,
  signInPage,
  a11y,
  newShopper,
}) => {
  const device = await VirtualAuthenticator.attach(page);
  const shopper = await newShopper("Replay Tester");
  const passkeys = new PasskeysSection(page, a11y);
  await page.goto("/account");
  await passkeys.add("Replay key");
  await header.signOut();

  // Capture the browser's answer on its way to next-auth, then send it again.
  await signInPage.goto();
  const answer = page.waitForRequest((request) => request.url().endsWith("/api/auth/callback/passkey"));
  await new PasskeySignIn(page).signInAs(shopper.name);
  const body = (await answer).postData() ?? "";
  await header.signOut();
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const replay = await page.request.post("/api/auth/callback/passkey", {
    form: { ...Object.fromEntries(new URLSearchParams(body)), csrfToken, json: "true" },
    maxRedirects: 0,
  });
  expect(((await replay.json()) as { url: string }).url).toContain("error=PasskeyExpired");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);
  await device.detach();
});

test("hostile passkey requests get a 4xx and change nothing", async ({ page, newShopper }) => {
  await newShopper("Hostile Tester");
  const credential = (extra: object) => ({
    id: "AAAA",
    rawId: "AAAA",
    type: "public-key",
    clientExtensionResults: {},
    ...extra,
  });
  const registrations: unknown[] = [
    "not json",
    [],
    { response: null },
    {
      name: "a".repeat(61),
      response: credential({ response: { clientDataJSON: "AA", attestationObject: "AA" } }),
    },
    {
      name: "line\nbreak",
      response: credential({ response: { clientDataJSON: "AA", attestationObject: "AA" } }),
    },
    { name: "\ud800", response: credential({ response: { clientDataJSON: "AA", attestationObject: "AA" } }) },
    { response: credential({ response: { clientDataJSON: "not base64url!", attestationObject: "AA" } }) },
    // Well formed, but no challenge was issued to this browser.
    { response: credential({ response: { clientDataJSON: "AA", attestationObject: "AA" } }) },
  ];
  for (const body of registrations) {
    const response = await page.request.post("/api/passkeys/registration", {
      headers: { "content-type": "application/json" },
      data: typeof body === "string" ? body : JSON.stringify(body),
    });
    expect(response.status(), JSON.stringify(body)).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBeTruthy();
  }
  for (const id of ["nope", "%00", "..%2F..%2Fetc", "x".repeat(300)]) {
    expect((await page.request.delete(`/api/passkeys/${id}`)).status(), id).toBe(404);
  }
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  for (const response of ["", "{", JSON.stringify(credential({})), "\ud800".repeat(10)]) {
    const answer = await page.request.post("/api/auth/callback/passkey", {
      form: { csrfToken, response, json: "true" },
      maxRedirects: 0,
    });
    expect(answer.status(), response).toBeLessThan(500);
    expect(((await answer.json()) as { url: string }).url).toMatch(/error=Passkey(Failed|Expired)/);
  }
  const listed = await page.request.get("/api/passkeys");
  expect(await listed.json()).toEqual({ passkeys: [] });
});
