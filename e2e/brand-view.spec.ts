import { BrandViewPage, type AccountHolding } from "./pages/brand-view-page";
import { expect, RELOAD_AFTER, test, uniqueEmail } from "./support/fixtures";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";
import { NEEDS_EMULATOR, RUNS_ALONE } from "./support/servers";
import { customerIn, firstRidePurchaseStripe, shopperAccounts, type ShopperAccount } from "./support/stripe";

const VISA = { number: "4242 4242 4242 4242" };
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: "serial" });

/** The shopper the first test creates and has buy at both brands; the next one reuses them. */
const shopper = {
  name: "Bea Brands",
  email: uniqueEmail("brand-view"),
  password: "what-each-brand-sees-2026",
};
let canonical = "";

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(
    amount / 100,
  );

/** What an account holds about the shopper, read from that account with its own key. */
async function readFromStripe(account: ShopperAccount, canonical: string): Promise<AccountHolding> {
  const customerId = await customerIn(account, canonical);
  if (!customerId) return "nothing";
  const [customer, cards, payments] = await Promise.all([
    account.stripe.customers.retrieve(customerId),
    account.stripe.customers.listPaymentMethods(customerId, { type: "card" }),
    account.stripe.paymentIntents.list({ customer: customerId }),
  ]);
  if (customer.deleted) return "nothing";
  return {
    customerId,
    email: customer.email ?? "",
    metadata: Object.entries(customer.metadata),
    cards: cards.data.map((card) => ({ id: card.id, last4: card.card?.last4 ?? "" })),
    payments: payments.data.map((intent) => ({
      amount: money(intent.amount, intent.currency),
      status: intent.status === "succeeded" ? "Paid" : intent.status,
    })),
  };
}

test(
  "a shopper who bought at two brands sees what each brand's Stripe account holds, read live from it",
  { tag: [README_SCREENSHOTS, NEEDS_EMULATOR] },
  async ({ page, a11y, emulator, signUpPage, storefront, checkoutPage, confirmationPage, accountPage }) => {
    // A sign-up, two purchases and every account read from Stripe.
    test.slow();
    const brandView = new BrandViewPage(page, a11y);
    await signUpPage.goto();
    await signUpPage.signUp(shopper);
    // Password hashing on a busy machine can take a few seconds.
    await expect(page).toHaveURL("/", { timeout: 30_000 });

    await storefront.goto("rides", "Rocket Rides");
    await storefront.add("City ride");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Rides");
    await checkoutPage.payWithNewCard(VISA, { save: true });
    const rideSession = await confirmationPage.expectPaid("Rocket Rides", "Visa •••• 4242");

    await storefront.goto("deliveries", "Rocket Deliveries");
    await storefront.add("Grocery run");
    await storefront.checkout();
    await checkoutPage.expectLoaded("Rocket Deliveries");
    await checkoutPage.pay();
    await confirmationPage.expectPaid("Rocket Deliveries", "Visa •••• 4242");

    canonical = String((await firstRidePurchaseStripe().checkout.sessions.retrieve(rideSession)).customer);
    // Cards are shared (or cloned into every brand) once the saved card's webhook is handled.
    await emulator.deliverWebhooksNow();

    await accountPage.goto();
    await brandView.openFromAccount();
    await expect(page.getByText("read from that account just now")).toBeVisible();
    const accounts = shopperAccounts();
    await expect(async () => {
      await brandView.goto();
      for (const account of accounts) {
        const holding = await readFromStripe(account, canonical);
        expect(holding, `${account.name} holds the shopper`).not.toBe("nothing");
        await brandView.expectHolding(account.name, holding, { timeout: RELOAD_AFTER });
      }
    }).toPass({ timeout: 30_000 });

    // Both purchases are on the page, wherever the strategy took them, and the one card at every brand.
    await expect(page.getByRole("main")).toContainText("$18.50");
    await expect(page.getByRole("main")).toContainText("$25.00");
    for (const name of ["Rocket Rides", "Rocket Deliveries"]) {
      await expect(brandView.cards(name)).toHaveCount(1);
      await expect(brandView.cards(name)).toContainText("Visa •••• 4242");
    }

    // How each brand's card relates to the others: one shared card, or a copy of the platform's.
    const brandNames = ["Rocket Rides", "Rocket Deliveries"];
    const home = accounts.find((account) => !brandNames.includes(account.name));
    if (home) {
      const held = await readFromStripe(home, canonical);
      const homeCard = held === "nothing" ? "none" : (held.cards[0]?.id ?? "none");
      for (const name of brandNames) {
        await expect(brandView.cards(name)).toContainText(
          `A copy of Visa •••• 4242 ${homeCard} at ${home.name}`,
        );
      }
      await expect(brandView.cards(home.name)).toContainText("Copied to Rocket Rides and Rocket Deliveries");
    } else {
      await expect(brandView.cards("Rocket Rides")).toContainText(
        "The same card, with the same id, at Rocket Deliveries",
      );
    }
    await page.screenshot({ path: screenshotPath("brand-view.png"), fullPage: true });

    // On a phone: nothing wider than the screen.
    await page.setViewportSize(PHONE);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(PHONE.width);
  },
);

test(
  "a brand account that cannot be reached says so, and every other account still shows",
  { tag: [NEEDS_EMULATOR, RUNS_ALONE] },
  async ({ page, a11y, emulator, signInPage }) => {
    expect(canonical, "the previous test's shopper bought at both brands").toMatch(/^cus_/);
    // Stripe's client retries the failing account's calls before the page gives up on it.
    test.slow();
    const brandView = new BrandViewPage(page, a11y);
    const accounts = shopperAccounts();
    await signInPage.goto();
    await signInPage.signInAs(shopper);
    const [rides, deliveries] = accounts;
    if (!rides || !deliveries) throw new Error("two brand accounts");
    await emulator.injectFaults({ path: "/v1/*", status: 500, rate: 1, account: deliveries.account });
    await brandView.goto();
    await expect(brandView.unavailable("Rocket Deliveries")).toHaveText(
      /We couldn.t reach Rocket Deliveries.s Stripe account just now/,
    );
    await brandView.expectHolding("Rocket Rides", await readFromStripe(rides, canonical));
    expect((await emulator.faultsApplied())[0]).toBeGreaterThan(0);
  },
);

test("a new shopper is told that no brand holds anything about them yet", async ({
  page,
  a11y,
  signUpPage,
}) => {
  const brandView = new BrandViewPage(page, a11y);
  await signUpPage.goto();
  await signUpPage.signUp({
    name: "Nora New",
    email: uniqueEmail("brand-view-new"),
    password: "nothing-held-yet-2026",
  });
  await expect(page).toHaveURL("/", { timeout: 30_000 });
  await brandView.goto();
  for (const account of shopperAccounts()) await brandView.expectHolding(account.name, "nothing");
});
