import type { Browser, BrowserContext, Page } from "@playwright/test";
import { AccountPage } from "../pages/account-page";
import { CheckoutPage } from "../pages/checkout-page";
import { OrderConfirmationPage } from "../pages/order-confirmation-page";
import { StorefrontPage } from "../pages/storefront-page";
import {
  Accessibility,
  createShopper,
  expect,
  signInThroughApi,
  watchForPageFaults,
  type Person,
} from "./fixtures";

const VISA = "4242 4242 4242 4242";

/**
 * A shopper of the test's own in a browser of their own (another context), beside the
 * test's page: the admin in one window, the shopper in the other.
 */
export class ShopperBrowser {
  readonly a11y: Accessibility;
  readonly storefront: StorefrontPage;
  readonly checkout: CheckoutPage;
  readonly confirmation: OrderConfirmationPage;
  readonly account: AccountPage;

  private readonly faults: { expectNone(): void };

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    readonly person: Person,
  ) {
    this.faults = watchForPageFaults(context);
    this.a11y = new Accessibility(page);
    this.storefront = new StorefrontPage(page, this.a11y);
    this.checkout = new CheckoutPage(page, this.a11y);
    this.confirmation = new OrderConfirmationPage(page, this.a11y);
    this.account = new AccountPage(page, this.a11y);
  }

  /** A new shopper, signed up and signed in (through the API: the sign-up form is auth.spec's). */
  static async open(browser: Browser, name: string): Promise<ShopperBrowser> {
    const context = await browser.newContext();
    const person = await createShopper(context.request, name);
    await signInThroughApi(context.request, person);
    return new ShopperBrowser(context, await context.newPage(), person);
  }

  get email(): string {
    return this.person.email;
  }

  /** Pays for city rides ($18.50 each) at Rocket Rides with a new Visa, saved for every brand or not. */
  async buyAtRides({ save, rides = 1 }: { save: boolean; rides?: number }): Promise<void> {
    await this.storefront.goto("rides", "Rocket Rides");
    await this.storefront.add("City ride", rides);
    await this.storefront.checkout();
    await this.checkout.expectLoaded("Rocket Rides");
    await this.checkout.payWithNewCard({ number: VISA, name: this.person.name }, { save });
    await this.confirmation.expectPaid("Rocket Rides", "Visa •••• 4242");
  }

  /** Pays at Rocket Deliveries in one click with the card saved at Rocket Rides. */
  async buyAtDeliveriesInOneClick(): Promise<void> {
    await this.storefront.goto("deliveries", "Rocket Deliveries");
    await this.storefront.add("Grocery run");
    await this.storefront.checkout();
    await this.checkout.expectLoaded("Rocket Deliveries");
    await expect(this.checkout.savedCard("Visa •••• 4242")).toBeChecked();
    await this.checkout.pay();
    await this.confirmation.expectPaid("Rocket Deliveries", "Visa •••• 4242");
  }

  /** City rides paid with a Visa saved at Rocket Rides, then one click at Rocket Deliveries ($25.00). */
  async buyAtBothBrands({ rides = 1 }: { rides?: number } = {}): Promise<void> {
    await this.buyAtRides({ save: true, rides });
    await this.buyAtDeliveriesInOneClick();
  }

  async close(): Promise<void> {
    await this.context.close();
    this.faults.expectNone();
  }
}
