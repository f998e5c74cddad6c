import type { APIRequestContext } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";
import { CheckoutPage } from "./pages/checkout-page";
import { Accessibility, createShopper, expect, signInThroughApi, test } from "./support/fixtures";
import { paymentsBehindBothBrands } from "./support/stripe";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { E2E_APP_URL, NEEDS_EMULATOR, RUNS_ALONE } from "./support/servers";

const [jenny] = DEMO_USERS;
const VISA = { number: "4242 4242 4242 4242" };

test(
  "a saved card at Rocket Rides pays at Rocket Deliveries in one click",
  { tag: [README_SCREENSHOTS, NEEDS_EMULATOR] },
  async ({ page, signIn, storefront, checkoutPage, confirmationPage, accountPage }) => {
    // Two purchases, the account page and both brands' Stripe accounts: longer than one page's test.
    test.slow();
    await signIn(jenny);

    // First purchase: a new card, saved for every brand.
    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("City ride", 2);
    await storefront.expectTotal("$37.00");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Rides");
    await expect(checkoutPage.summary).toContainText("City ride");
    await checkoutPage.payWithNewCard(VISA, { save: true });
    const jennysRideSession = await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");
    await expect(confirmationPage.cardSaved).toHaveText(
      "Your card is saved for one-click checkout at every Rocket brand.",
    );
    await page.screenshot({ path: screenshotPath("demo-1-paid-at-rides.png") });

    // Second purchase, other brand, other Stripe account: the card is already there.
    await storefront.goto("deliveries", "Rocket Deliveries");
    await storefront.add("Grocery run");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Deliveries");
    await expect(checkoutPage.savedCard("Visa •••• 4242")).toBeChecked();
    await page.screenshot({ path: screenshotPath("demo-2-saved-card-at-deliveries.png") });
    await checkoutPage.pay();
    await confirmationPage.expectPaid("Rocket Deliveries", "Visa •••• 4242");

    await accountPage.goto();
    await accountPage.expectOrders([
      { brand: "Rocket Deliveries", total: "$25.00" },
      { brand: "Rocket Rides", total: "$37.00" },
    ]);
    await expect(accountPage.savedCards).toHaveCount(1);
    await page.screenshot({ path: screenshotPath("demo-3-account.png"), fullPage: true });
    await expect(accountPage.savedCards.first()).toContainText("4242");
    await accountPage.filterBy("Rocket Rides");
    await expect(page).toHaveURL("/account?brand=rides");
    await accountPage.expectOrders([{ brand: "Rocket Rides", total: "$37.00" }]);

    // In Stripe: one canonical customer behind both brands, and one payment per brand.
    const payments = await paymentsBehindBothBrands(jennysRideSession);
    expect(payments.customer).toMatch(/^cus_/);
    expect(payments.rides).toEqual([[3700, "succeeded"]]);
    expect(payments.deliveries).toEqual([[2500, "succeeded"]]);
  },
);

test("a cart open in two tabs is paid once: the other tab says so and its session cannot be paid", async ({
  page,
  newShopper,
  storefront,
  checkoutPage,
  confirmationPage,
}) => {
  // Three checkouts in two tabs.
  test.slow();
  await newShopper("Tabby Two");
  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("City ride");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Rides");

  // The same cart in a second tab of the same browser: its checkout is now the one that counts.
  const secondTab = await page.context().newPage();
  const secondCheckout = new CheckoutPage(secondTab, new Accessibility(secondTab));
  const secondCreated = secondTab.waitForResponse(
    (response) => response.url().endsWith("/api/checkout/sessions") && response.request().method() === "POST",
  );
  await secondTab.goto("/rides/checkout");
  await secondCheckout.expectLoaded("Rocket Rides");
  const { sessionId: secondSession } = (await (await secondCreated).json()) as { sessionId: string };
  await checkoutPage.expectContinuedInAnotherTab();

  // The shopper pays in the first tab after all.
  await checkoutPage.continueHere();
  await checkoutPage.expectLoaded("Rocket Rides");
  await secondCheckout.expectContinuedInAnotherTab();
  await checkoutPage.payWithNewCard(VISA);
  await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");

  await secondCheckout.expectAlreadyPaid();
  const second = await page.request.get(`/api/checkout/sessions/${secondSession}`);
  expect(((await second.json()) as { status: string }).status).toBe("expired");
  await secondTab.close();
});

test("a declined card shows the bank's answer and creates no order", async ({
  newShopper,
  storefront,
  checkoutPage,
  accountPage,
}) => {
  await newShopper("Dee Clined");
  await storefront.goto("deliveries", "Rocket Deliveries");
  await storefront.add("Same-day parcel");
  await storefront.checkout();
  await checkoutPage.expectLoaded("Rocket Deliveries");
  await checkoutPage.payWithNewCard({ number: "4000 0000 0000 0002", name: "Dee Clined" });
  await checkoutPage.expectDeclined("Your card was declined.");
  await accountPage.goto();
  await expect(accountPage.orders).toHaveCount(0);
});

test(
  "while Stripe is down the shopper is told to try again, and the cart is still there when it is back",
  { tag: [NEEDS_EMULATOR, RUNS_ALONE] },
  async ({ page, newShopper, storefront, checkoutPage, emulator }) => {
    await newShopper("Otto Outage");
    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("Airport transfer");
    // Every attempt the server makes (the first and the SDK's retries) answers 500.
    await emulator.injectFaults({ path: "/v1/checkout/sessions", method: "POST", status: 500, rate: 1 });
    await storefront.checkout();
    const outage = page.getByRole("alert").filter({ hasText: "Payments are busy right now" });
    await expect(outage).toBeVisible({ timeout: 15_000 });
    // One message: the embedded Checkout, waiting on the failed request, is gone with it.
    const payment = page.getByRole("region", { name: "Payment" });
    await expect(payment.getByRole("alert")).toHaveCount(1);
    await expect(payment.getByRole("status")).toHaveCount(0);
    expect((await emulator.faultsApplied())[0]).toBeGreaterThan(1);

    await emulator.clearFaults();
    await page.getByRole("button", { name: "Try again" }).click();
    await checkoutPage.expectLoaded("Rocket Rides");
    await expect(checkoutPage.summary).toContainText("Airport transfer");
  },
);

test("a visitor's cart waits while they sign in", async ({
  page,
  newShopper,
  storefront,
  signInPage,
  checkoutPage,
}) => {
  const visitor = await newShopper("Vi Sitor", { signIn: false });
  await storefront.goto("rides", "Rocket Rides");
  await storefront.add("Airport transfer");
  await storefront.checkout();
  await expect(page).toHaveURL("/signin?callbackUrl=%2Frides%2Fcheckout");
  await signInPage.expectLoaded();
  await signInPage.signIn(visitor.email, visitor.password);
  await expect(page).toHaveURL("/rides/checkout");
  await checkoutPage.expectLoaded("Rocket Rides");
  await expect(checkoutPage.summary).toContainText("Airport transfer");
});

test("one shopper cannot see another's checkout or orders", async ({
  page,
  playwright,
  newShopper,
  accountPage,
}) => {
  // Another shopper, in a browser of their own, starts a checkout.
  const owner = await playwright.request.newContext({ baseURL: E2E_APP_URL });
  await signInThroughApi(owner, await createShopper(owner, "Owen Owner"));
  const created = await owner.post("/api/checkout/sessions", {
    data: { brand: "rides", lines: [{ productId: "city-ride", quantity: 1 }], submissionId: "owner-cart-1" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { sessionId } = (await created.json()) as { sessionId: string };
  expect(sessionId).toMatch(/^cs_test_/);
  expect((await owner.get(`/api/checkout/sessions/${sessionId}`)).status()).toBe(200);
  await owner.dispose();

  await newShopper("Nosy Parker");
  const api = await page.request.get(`/api/checkout/sessions/${sessionId}`);
  expect(api.status()).toBe(404);
  const returnPage = await page.request.get(`/rides/checkout/return?session_id=${sessionId}`);
  expect(returnPage.status()).toBe(404);
  await accountPage.goto();
  await expect(accountPage.orders).toHaveCount(0);
});

test.describe("the create-session API", () => {
  const create = (request: APIRequestContext, body: unknown) =>
    request.post("/api/checkout/sessions", { data: body });

  test("asks a visitor to sign in", async ({ request }) => {
    const response = await create(request, {
      brand: "rides",
      lines: [{ productId: "city-ride", quantity: 1 }],
    });
    expect(response.status()).toBe(401);
    expect((await response.json()).error.message).toBe("Sign in to continue.");
  });

  test("explains every bad cart", async ({ page, newShopper }) => {
    await newShopper("Cart Tester");
    const submissionId = "e2e-cart-validation";
    const cases: [unknown, number, RegExp][] = [
      [{ brand: "rides", lines: [], submissionId }, 400, /Your cart is empty/],
      [
        { brand: "rides", lines: [{ productId: "city-ride", quantity: 100 }], submissionId },
        400,
        /at most 99/,
      ],
      [{ brand: "rides", lines: [{ productId: "city-ride", quantity: 0 }], submissionId }, 400, /at least 1/],
      [
        { brand: "rides", lines: [{ productId: "grocery-run", quantity: 1 }], submissionId },
        404,
        /does not sell/,
      ],
      [{ brand: "moon", lines: [{ productId: "city-ride", quantity: 1 }], submissionId }, 404, /no brand/],
      [{ brand: "rides", lines: [{ productId: "city-ride", quantity: 1 }] }, 400, /submissionId/],
    ];
    for (const [body, status, message] of cases) {
      const response = await create(page.request, body);
      expect(response.status(), JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(await response.json())).toMatch(message);
    }
  });
});
