import Stripe from "stripe";
import type { CheckoutTarget } from "./pages/embedded-checkout";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { E2E_APP_URL, E2E_EMULATOR_PORT, E2E_EMULATOR_URL, NEEDS_EMULATOR } from "./support/servers";
import { README_SCREENSHOTS, screenshotPath } from "./support/screenshots";

// The emulator's default world (emulator/config/default-world.json).
const RIDES = {
  account: "acct_1RocketRides00001",
  sk: "sk_test_rides_emulator_0001",
  pk: "pk_test_rides_emulator_0001",
};
const DELIVERIES = {
  account: "acct_1RocketDeliver0001",
  sk: "sk_test_deliveries_emulator_0001",
  pk: "pk_test_deliveries_emulator_0001",
};
type Brand = typeof RIDES;

const AUTH_FAILED =
  "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

function stripeFor(brand: Brand): Stripe {
  return new Stripe(brand.sk, {
    host: "127.0.0.1",
    port: E2E_EMULATOR_PORT,
    protocol: "http",
    maxNetworkRetries: 0,
  });
}

const rides = stripeFor(RIDES);
const deliveries = stripeFor(DELIVERIES);

function sessionParams(
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    ui_mode: "embedded_page",
    mode: "payment",
    return_url: `${E2E_APP_URL}/?session_id={CHECKOUT_SESSION_ID}`,
    line_items: [
      {
        price_data: { currency: "usd", unit_amount: 2400, product_data: { name: "Airport ride" } },
        quantity: 1,
      },
      {
        price_data: { currency: "usd", unit_amount: 350, product_data: { name: "Extra luggage" } },
        quantity: 2,
      },
    ],
    saved_payment_method_options: { payment_method_save: "enabled" },
    ...extra,
  };
}

/** A first-time shopper's session: Checkout creates the customer. */
async function newShopperSession(
  brand: Brand = RIDES,
  extra: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<{ session: Stripe.Checkout.Session; target: CheckoutTarget }> {
  const stripe = brand === RIDES ? rides : deliveries;
  const session = await stripe.checkout.sessions.create(
    sessionParams({ customer_creation: "always", ...extra }),
  );
  return { session, target: { secret: session.client_secret ?? "", pk: brand.pk, account: brand.account } };
}

async function paymentIntentsOf(stripe: Stripe, customer: string): Promise<Stripe.PaymentIntent[]> {
  return (await stripe.paymentIntents.list({ customer, limit: 100 })).data;
}

test.describe("embedded Checkout (emulator)", { tag: NEEDS_EMULATOR }, () => {
  test("a new card is paid and saved, using the keyboard only", async ({ page, embeddedCheckout }) => {
    const { session, target } = await newShopperSession();
    const email = uniqueEmail("keyboard");
    await embeddedCheckout.goto(target);

    await expect(embeddedCheckout.frame.getByRole("heading", { name: /Pay Rocket Rides/ })).toContainText(
      "$31.00",
    );
    await expect(embeddedCheckout.frame.getByText("Airport ride")).toBeVisible();
    await expect(embeddedCheckout.frame.getByText("Qty 2")).toBeVisible();
    await expect(embeddedCheckout.payButton).toHaveText("Pay $31.00");
    await expect(embeddedCheckout.frame.getByText(/shared across Rocket Group's brands/)).toBeVisible();

    await embeddedCheckout.email.focus();
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await expect(embeddedCheckout.cardNumber).toBeFocused();
    await page.keyboard.type("4242424242424242");
    await expect(embeddedCheckout.cardNumber).toHaveValue("4242 4242 4242 4242");
    await expect(embeddedCheckout.cardBrand).toHaveText("Visa");
    await page.keyboard.press("Tab");
    await page.keyboard.type("1234");
    await expect(embeddedCheckout.expiry).toHaveValue("12 / 34");
    await page.keyboard.press("Tab");
    await page.keyboard.type("123");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Kay Board");
    await page.keyboard.press("Tab");
    await expect(embeddedCheckout.country).toBeFocused();
    await page.keyboard.press("Tab");
    await page.keyboard.type("94103");
    await page.keyboard.press("Tab");
    await expect(embeddedCheckout.saveCard).toBeFocused();
    await page.keyboard.press("Space");
    await expect(embeddedCheckout.saveCard).toBeChecked();
    await page.keyboard.press("Tab");
    await expect(embeddedCheckout.payButton).toBeFocused();
    await page.keyboard.press("Enter");

    await embeddedCheckout.expectPaid();
    await expect(embeddedCheckout.frame.getByText("Paid with Visa •••• 4242")).toBeVisible();
    await expect(embeddedCheckout.appComplete).toBeVisible();
    await embeddedCheckout.checkAccessibility("success");

    const done = await rides.checkout.sessions.retrieve(session.id);
    expect(done.status).toBe("complete");
    expect(done.payment_status).toBe("paid");
    expect(done.customer).toMatch(/^cus_/);
    const customer = await rides.customers.retrieve(String(done.customer));
    expect(customer).toMatchObject({ email });
    const cards = await rides.customers.listPaymentMethods(String(done.customer));
    expect(cards.data).toHaveLength(1);
    expect(cards.data[0]?.card).toMatchObject({ brand: "visa", last4: "4242" });
    expect(cards.data[0]?.billing_details.name).toBe("Kay Board");
  });

  test("the card saved at Rocket Rides is preselected at Rocket Deliveries and pays in one click", async ({
    embeddedCheckout,
    request,
  }) => {
    // The first purchase, at Rocket Rides, saved the card (paid through the page's own route).
    const { session: first } = await newShopperSession(RIDES);
    const paid = await request.post(`${E2E_EMULATOR_URL}/_emulator/checkout/sessions/${first.id}/confirm`, {
      data: {
        client_secret: first.client_secret,
        email: uniqueEmail("oneclick"),
        save_payment_method: true,
        card: {
          number: "4242424242424242",
          exp_month: 12,
          exp_year: 2034,
          cvc: "123",
          name: "Jenny Rosen",
          country: "US",
          postal_code: "94103",
        },
      },
    });
    expect(paid.ok()).toBe(true);
    const customer = String((await rides.checkout.sessions.retrieve(first.id)).customer);
    const [savedCard] = (await rides.customers.listPaymentMethods(customer)).data;

    // The second purchase, in the other brand's account, for the same (shared) customer.
    const second = await deliveries.checkout.sessions.create(sessionParams({ customer }));
    await embeddedCheckout.goto({
      secret: second.client_secret ?? "",
      pk: DELIVERIES.pk,
      account: DELIVERIES.account,
    });
    await expect(
      embeddedCheckout.frame.getByRole("heading", { name: /Pay Rocket Deliveries/ }),
    ).toBeVisible();
    await expect(embeddedCheckout.savedCards).toHaveCount(1);
    await expect(embeddedCheckout.savedCard(/Visa •••• 4242/)).toBeChecked();
    await expect(embeddedCheckout.cardNumber).toBeHidden();
    await expect(embeddedCheckout.email).toHaveAttribute("readonly", "");

    await embeddedCheckout.pay(); // the one action
    await embeddedCheckout.expectPaid();
    await expect(embeddedCheckout.appComplete).toBeVisible();

    const done = await deliveries.checkout.sessions.retrieve(second.id, { expand: ["payment_intent"] });
    expect(done.status).toBe("complete");
    expect(done.customer).toBe(customer);
    const intent = done.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe("succeeded");
    expect(intent.payment_method).toBe(savedCard?.id);
    expect(await paymentIntentsOf(rides, customer)).toHaveLength(1);
    expect(await paymentIntentsOf(deliveries, customer)).toHaveLength(1);
  });

  test("'Use another card' opens the card form next to the saved cards", async ({
    embeddedCheckout,
    request,
  }) => {
    const { session: first } = await newShopperSession(RIDES);
    await request.post(`${E2E_EMULATOR_URL}/_emulator/checkout/sessions/${first.id}/confirm`, {
      data: {
        client_secret: first.client_secret,
        email: uniqueEmail("another"),
        save_payment_method: true,
        card: { number: "5555555555554444", exp_month: 1, exp_year: 2031, cvc: "123", name: "M. Card" },
      },
    });
    const customer = String((await rides.checkout.sessions.retrieve(first.id)).customer);
    const second = await rides.checkout.sessions.create(sessionParams({ customer }));
    await embeddedCheckout.goto({ secret: second.client_secret ?? "", pk: RIDES.pk, account: RIDES.account });
    await expect(embeddedCheckout.savedCard(/Mastercard •••• 4444/)).toBeChecked();
    await embeddedCheckout.useAnotherCard.click();
    await expect(embeddedCheckout.cardNumber).toBeFocused();
    await embeddedCheckout.fillCard({ number: "4000000000000000" });
    await embeddedCheckout.pay();
    await expect(embeddedCheckout.alert("Your card number is invalid.")).toBeVisible();
    await expect(embeddedCheckout.cardNumber).toHaveAttribute("aria-invalid", "true");
    await embeddedCheckout.checkAccessibility("field error");
    await embeddedCheckout.cardNumber.fill("4242424242424242");
    await embeddedCheckout.pay();
    await embeddedCheckout.expectPaid();
    const intents = await paymentIntentsOf(rides, customer);
    expect(intents).toHaveLength(2);
  });

  test("declines are shown inline and keep the form", async ({ embeddedCheckout }) => {
    const { session, target } = await newShopperSession(RIDES, { customer_email: "decline@example.com" });
    await embeddedCheckout.goto(target);
    await expect(embeddedCheckout.email).toHaveValue("decline@example.com");

    await embeddedCheckout.fillCard({ number: "4000000000000002" });
    await embeddedCheckout.pay();
    await expect(embeddedCheckout.alert("Your card was declined.")).toBeVisible();
    await expect(embeddedCheckout.cardNumber).toHaveValue("4000 0000 0000 0002");
    await expect(embeddedCheckout.cardholderName).toHaveValue("Jenny Rosen");
    await expect(embeddedCheckout.payButton).toBeEnabled();
    await embeddedCheckout.checkAccessibility("declined");

    await embeddedCheckout.cardNumber.fill("4000000000009995");
    await embeddedCheckout.pay();
    await expect(embeddedCheckout.alert("Your card has insufficient funds.")).toBeVisible();
    expect((await rides.checkout.sessions.retrieve(session.id)).status).toBe("open");

    await embeddedCheckout.cardNumber.fill("4242424242424242");
    await embeddedCheckout.pay();
    await embeddedCheckout.expectPaid();
    const done = await rides.checkout.sessions.retrieve(session.id);
    expect(done.status).toBe("complete");
  });

  test("3D Secure: completing the challenge pays and follows return_url", async ({
    page,
    embeddedCheckout,
  }) => {
    const { session, target } = await newShopperSession(RIDES);
    await embeddedCheckout.goto({ ...target, followReturnUrl: true });
    await embeddedCheckout.email.fill(uniqueEmail("threeds"));
    await embeddedCheckout.fillCard({ number: "4000002500003155" });
    await embeddedCheckout.pay();
    await expect(embeddedCheckout.frame.getByRole("heading", { name: "Confirm your payment" })).toBeFocused();
    await embeddedCheckout.checkAccessibility("3DS challenge");
    await embeddedCheckout.completeAuthentication.click();

    // Without onComplete, the stand-in sends the shopper to return_url with the session id.
    await expect(page).toHaveURL(`${E2E_APP_URL}/?session_id=${session.id}`);
    const done = await rides.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(done.status).toBe("complete");
    expect((done.payment_intent as Stripe.PaymentIntent).status).toBe("succeeded");
  });

  test("3D Secure: failing the challenge keeps the session open", async ({ embeddedCheckout }) => {
    const { session, target } = await newShopperSession(RIDES);
    await embeddedCheckout.goto(target);
    await embeddedCheckout.email.fill(uniqueEmail("threeds-fail"));
    await embeddedCheckout.fillCard({ number: "4000002500003155" });
    await embeddedCheckout.pay();
    await embeddedCheckout.failAuthentication.click();
    await expect(embeddedCheckout.alert(AUTH_FAILED)).toBeVisible();
    await expect(embeddedCheckout.payButton).toBeVisible();
    await expect(embeddedCheckout.appComplete).toBeHidden();
    const open = await rides.checkout.sessions.retrieve(session.id);
    expect(open.status).toBe("open");
    expect(open.payment_status).toBe("unpaid");
  });

  test("an expired session shows a message instead of the form", async ({ embeddedCheckout }) => {
    const { session, target } = await newShopperSession(RIDES);
    await rides.checkout.sessions.expire(session.id);
    await embeddedCheckout.goto(target, { expectForm: false });
    await expect(embeddedCheckout.notice("This checkout session has expired")).toBeVisible();
    await expect(embeddedCheckout.frame.getByText("Nothing was charged.")).toBeVisible();
    await expect(embeddedCheckout.payButton).toHaveCount(0);
  });

  test("a session that expires while the form is open is refused with a message", async ({
    embeddedCheckout,
  }) => {
    const { session, target } = await newShopperSession(RIDES, { customer_email: "late@example.com" });
    await embeddedCheckout.goto(target);
    await embeddedCheckout.fillCard({ number: "4242424242424242" });
    await rides.checkout.sessions.expire(session.id);
    await embeddedCheckout.pay();
    await expect(embeddedCheckout.alert(/This checkout session has expired/)).toBeVisible();
    await expect(embeddedCheckout.payButton).toBeHidden();
  });

  test("a double click on Pay charges once", async ({ embeddedCheckout, request }) => {
    const { session, target } = await newShopperSession(RIDES, { customer_email: "double@example.com" });
    await embeddedCheckout.goto(target);
    await embeddedCheckout.fillCard({ number: "4242424242424242" });
    await embeddedCheckout.payButton.dblclick();
    await embeddedCheckout.expectPaid();

    // A replayed confirmation (as a second tab or a retry would send) pays nothing more.
    const replay = await request.post(
      `${E2E_EMULATOR_URL}/_emulator/checkout/sessions/${session.id}/confirm`,
      {
        data: {
          client_secret: session.client_secret,
          card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" },
        },
      },
    );
    expect(await replay.json()).toMatchObject({ status: "complete", already_complete: true });

    const done = await rides.checkout.sessions.retrieve(session.id);
    const customer = String(done.customer);
    const intents = await paymentIntentsOf(rides, customer);
    expect(intents).toHaveLength(1);
    const charges = await rides.charges.list({ payment_intent: intents[0]?.id, limit: 100 });
    expect(charges.data).toHaveLength(1);
    expect(charges.data[0]?.amount).toBe(3100);
  });

  test("the Stripe.js stand-in allows one embedded checkout per page and destroy() cleans up", async ({
    page,
    embeddedCheckout,
  }) => {
    const { target } = await newShopperSession(RIDES);
    await embeddedCheckout.goto(target);
    const result = await page.evaluate(
      async ({ pk, account, secret }) => {
        type Instance = { mount(el: HTMLElement): void; destroy(): void };
        type StripeLike = {
          createEmbeddedCheckoutPage(o: object): Promise<Instance>;
          elements(): unknown;
          createToken(): Promise<unknown>;
          createPaymentMethod(): Promise<unknown>;
          confirmCardPayment(): Promise<unknown>;
        };
        const factory = (window as unknown as { Stripe: (pk: string, o: object) => StripeLike }).Stripe;
        const stripe = factory(pk, { stripeAccount: account });
        const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        const out: Record<string, string | number | boolean> = {};
        // The page's own checkout is mounted: a second one is refused.
        out.second = await stripe
          .createEmbeddedCheckoutPage({ clientSecret: secret })
          .then(() => "created", message);
        out.createToken = await stripe.createToken().then(() => "resolved", message);
        try {
          stripe.elements();
          out.elements = "returned";
        } catch (e) {
          out.elements = message(e);
        }
        return out;
      },
      { pk: target.pk, account: target.account, secret: target.secret },
    );
    expect(result.second).toBe("IntegrationError: You cannot have multiple Embedded Checkout objects.");
    expect(result.createToken).toMatch(/^IntegrationError: .*not supported by the Stripe emulator/);
    expect(result.elements).toMatch(/^IntegrationError: .*not supported by the Stripe emulator/);

    // A forged "complete" message (right shape and secret, wrong sender) is ignored.
    await page.evaluate(async (secret) => {
      const forged = {
        source: "rocket-stripe-emulator",
        type: "complete",
        clientSecret: secret,
        returnUrl: null,
      };
      window.postMessage(forged, "*");
      // Messages are dispatched in order: once this marker arrives, the forged one was handled.
      await new Promise<void>((resolve) => {
        const onMarker = (event: MessageEvent) => {
          if (event.data !== "forged-message-handled") return;
          window.removeEventListener("message", onMarker);
          resolve();
        };
        window.addEventListener("message", onMarker);
        window.postMessage("forged-message-handled", "*");
      });
    }, target.secret);
    await expect(embeddedCheckout.appComplete).toBeHidden();
    await expect(embeddedCheckout.payButton).toBeVisible();
  });

  test("destroy() removes the iframe and every listener, and frees the page's one checkout", async ({
    page,
  }) => {
    const { target } = await newShopperSession(RIDES);
    await page.goto("/");
    await page.addScriptTag({ url: `${E2E_EMULATOR_URL}/js/stripe.js` });
    const result = await page.evaluate(
      async ({ pk, account, secret }) => {
        type Instance = { mount(el: HTMLElement | string): void; unmount(): void; destroy(): void };
        type StripeLike = { createEmbeddedCheckoutPage(o: object): Promise<Instance> };
        const listeners = new Set<unknown>();
        const add = window.addEventListener.bind(window);
        const remove = window.removeEventListener.bind(window);
        window.addEventListener = ((type: string, fn: EventListener, o?: AddEventListenerOptions) => {
          if (type === "message") listeners.add(fn);
          add(type, fn, o);
        }) as typeof window.addEventListener;
        window.removeEventListener = ((type: string, fn: EventListener, o?: EventListenerOptions) => {
          if (type === "message") listeners.delete(fn);
          remove(type, fn, o);
        }) as typeof window.removeEventListener;

        const factory = (window as unknown as { Stripe: (pk: string, o: object) => StripeLike }).Stripe;
        const stripe = factory(pk, { stripeAccount: account });
        const frames = () => document.querySelectorAll('iframe[title="Secure checkout"]').length;
        const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        const host = document.createElement("div");
        host.id = "standin-host";
        document.body.append(host);

        const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret: async () => secret });
        checkout.mount("#standin-host");
        const mounted = { frames: frames(), listeners: listeners.size };
        const second = await stripe
          .createEmbeddedCheckoutPage({ clientSecret: secret })
          .then(() => "created", message);
        checkout.unmount();
        const unmounted = frames();
        checkout.mount(host);
        checkout.destroy();
        const destroyed = { frames: frames(), listeners: listeners.size };
        let afterDestroy = "mounted";
        try {
          checkout.mount(host);
        } catch (e) {
          afterDestroy = message(e);
        }
        const again = await stripe.createEmbeddedCheckoutPage({ clientSecret: secret });
        again.destroy();
        const badSecret = await stripe
          .createEmbeddedCheckoutPage({ clientSecret: "not-a-secret" })
          .then(() => "created", message);
        return {
          mounted,
          second,
          unmounted,
          destroyed,
          afterDestroy,
          badSecret,
          finalListeners: listeners.size,
        };
      },
      { pk: target.pk, account: target.account, secret: target.secret },
    );
    expect(result.mounted).toEqual({ frames: 1, listeners: 1 });
    expect(result.second).toBe("IntegrationError: You cannot have multiple Embedded Checkout objects.");
    expect(result.unmounted).toBe(0);
    expect(result.destroyed).toEqual({ frames: 0, listeners: 0 });
    expect(result.afterDestroy).toMatch(
      /^IntegrationError: This Embedded Checkout object has been destroyed/,
    );
    expect(result.badSecret).toMatch(/^IntegrationError: Invalid client secret/);
    expect(result.finalListeners).toBe(0);
  });
});

test.describe("README screenshots: embedded Checkout", { tag: NEEDS_EMULATOR }, () => {
  test(
    "checkout page on desktop and phone",
    { tag: README_SCREENSHOTS },
    async ({ page, embeddedCheckout }) => {
      const { target } = await newShopperSession(RIDES);
      await page.setViewportSize({ width: 1280, height: 900 });
      await embeddedCheckout.goto(target);
      await embeddedCheckout.saveCard.check();
      await page.screenshot({ path: screenshotPath("checkout-desktop.png"), fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await expect(embeddedCheckout.payButton).toBeVisible();
      await embeddedCheckout.checkAccessibility("phone");
      await page.screenshot({ path: screenshotPath("checkout-phone.png"), fullPage: true });
    },
  );
});
