import Stripe from "stripe";
import { DEMO_USERS } from "../prisma/demo-users";
import { OrgEventsPage } from "./pages/org-events-page";
import { expect, RELOAD_AFTER, test } from "./support/fixtures";
import { ShopperBrowser } from "./support/shoppers";

const admin = DEMO_USERS[1];
/** The organization endpoint's signing secret (the emulator's, which the e2e app accepts). */
const ORG_WEBHOOK_SECRET = "whsec_org_rocketgroup_emulator_0001";
const RIDES_ACCOUNT = "acct_1RocketRides00001";
const CONFIGURED_ACCOUNTS = [
  RIDES_ACCOUNT,
  "acct_1RocketDeliver0001",
  "acct_1RocketRidesCnct01",
  "acct_1RocketDelivCnct01",
  "acct_1RocketPlatform001",
];

test("a removed card's event is in the customer's log, and ignored events are counted until asked for", async ({
  page,
  browser,
  a11y,
  signIn,
  orgCustomersPage,
  orgCustomerPage,
}) => {
  test.setTimeout(120_000);
  // A shopper buys at Rocket Rides and saves the card.
  const shopper = await ShopperBrowser.open(browser, "Leia Detach");
  await shopper.buyAtRides({ save: true });
  await shopper.close();
  const email = shopper.email;

  // The admin removes the card from the customer's page.
  await signIn(admin);
  await orgCustomersPage.goto();
  await orgCustomersPage.searchFor(email);
  await orgCustomersPage.open("Leia Detach");
  await orgCustomerPage.expectLoaded("Leia Detach");
  await orgCustomerPage.removeCard("Visa •••• 4242");
  await expect(orgCustomerPage.savedCards).toHaveCount(0);

  // The customer's page and log have the removal, though the card names no customer any more.
  const recent = page.getByRole("list", { name: "Recent events" }).getByRole("listitem");
  await expect(async () => {
    await page.reload();
    await expect(recent.filter({ hasText: "payment_method.detached" }).first()).toContainText(
      "Visa •••• 4242",
      {
        timeout: 1_000,
      },
    );
  }).toPass({ timeout: 20_000 });
  await expect(recent.filter({ hasText: "payment_intent.succeeded" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Recent events" })).toContainText(
    /\d+ ignored events? of \d+ types? \(nothing for the app to do\) are in the full log/,
  );
  await orgCustomerPage.expectLoaded("Leia Detach");
  await page.getByRole("link", { name: "Events about this customer" }).click();
  await expect(page).toHaveURL(/\/org\/events\?customer=cus_/);
  const log = new OrgEventsPage(page, a11y);
  await log.expectLoaded("customer");
  const detached = await log.waitForRow("payment_method.detached");
  await expect(detached.first()).toContainText("Visa •••• 4242");
  // One detach per account that held the card: the one shared card in organization; the
  // platform's card and its clone in each brand in connect-clone.
  const detaches = process.env.SHARING_STRATEGY === "connect-clone" ? 3 : 1;
  await expect(async () => {
    await page.reload();
    await expect(log.row("payment_method.detached")).toHaveCount(detaches, { timeout: RELOAD_AFTER });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("link", { name: "Leia Detach" })).toBeVisible();
  const checkoutRow = log.row("checkout.session.completed");
  await expect(checkoutRow).toContainText("Checkout of $18.50");
  await expect(checkoutRow).toContainText("Rocket Rides");

  // Events that changed nothing are folded into one count, listed only on request.
  const ignoredBadge = page.getByText("ignored", { exact: true });
  await expect(log.rows.filter({ has: ignoredBadge })).toHaveCount(0);
  await expect(log.ignoredNote).toContainText(/\d+ ignored events? of \d+ types? are hidden/);
  await expect(log.ignoredNote.getByRole("list", { name: "Ignored events by type" })).toContainText(
    "payment_intent.succeeded",
  );
  await log.ignoredNote.getByRole("link", { name: "Show ignored events" }).click();
  await expect(page).toHaveURL(/[?&]ignored=show/);
  await expect(page).toHaveURL(/[?&]customer=cus_/);
  // Each ignored row says why (the newest may be another reason, e.g. a clone's own attach).
  await expect(
    log.rows.filter({ has: ignoredBadge }).filter({ hasText: "Not an event the app acts on" }).first(),
  ).toBeVisible();
  await expect(log.showIgnoredFilter).toBeChecked();
  await log.expectLoaded("ignored shown");
  await page.getByRole("link", { name: "Hide ignored events" }).click();
  await expect(page).not.toHaveURL(/ignored=/);
  await expect(log.rows.filter({ has: ignoredBadge })).toHaveCount(0);
  await expect(log.row("payment_method.detached")).toHaveCount(detaches);

  // The filter form keeps the customer and asks for ignored events with a checkbox.
  await log.showIgnoredFilter.check();
  await log.filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/customer=cus_.*ignored=show|ignored=show.*customer=cus_/);
  await expect(log.rows.filter({ has: ignoredBadge }).first()).toBeVisible();
});

test("made-up event types and accounts, even in signed deliveries, are never offered as filters", async ({
  page,
  a11y,
  signIn,
}) => {
  const junkTypes = ["rocket.takeover", '<img src=x onerror="document.title=1">'];
  const junkAccount = "acct_1JunkJunkJunk00001";
  const deliveries: [string, string][] = [
    ...junkTypes.map((type): [string, string] => [type, RIDES_ACCOUNT]),
    ["payout.created", junkAccount],
  ];
  for (const [index, [type, account]] of deliveries.entries()) {
    const payload = JSON.stringify({
      id: `evt_e2e_junk_${Date.now()}_${index}`,
      object: "event",
      api_version: "2026-10-28.endive",
      context: account,
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `obj_junk_${index}`, object: "junk", amount: 999999, currency: "usd" } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
    const response = await page.request.post("/api/webhooks/stripe", {
      headers: {
        "content-type": "application/json",
        "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: ORG_WEBHOOK_SECRET }),
      },
      data: payload,
    });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, outcome: "ignored" });
  }

  await signIn(admin);
  const log = new OrgEventsPage(page, a11y);
  await log.goto();
  const types = await log.optionValues(log.typeFilter);
  expect(types).toEqual(expect.arrayContaining(["checkout.session.completed", "payment_method.detached"]));
  for (const junk of junkTypes) expect(types).not.toContain(junk);
  const accounts = await log.optionValues(log.accountFilter);
  expect(accounts.length).toBeGreaterThanOrEqual(2);
  for (const account of accounts) expect(CONFIGURED_ACCOUNTS).toContain(account);
  expect(await log.optionLabels(log.accountFilter)).toEqual(
    expect.arrayContaining(["All accounts", "Rocket Rides", "Rocket Deliveries"]),
  );
  // The count of ignored events does not repeat made-up types either.
  await expect(log.ignoredNote).toContainText("types that are not Stripe's");
  await expect(log.ignoredNote).not.toContainText("rocket.takeover");

  // Made-up values in a link are refused with a message and never selected.
  await log.goto(
    `?${new URLSearchParams({ type: junkTypes[1]!, account: junkAccount, customer: "<b>x</b>" })}`,
  );
  const refused = log.problems.filter({ hasText: "in the link" });
  await expect(refused).toContainText("The event type in the link is not one the app knows");
  await expect(refused).toContainText("The account in the link is not one of the brands' accounts");
  await expect(refused).toContainText("is not a Stripe customer id");
  await expect(refused).not.toContainText("img");
  await expect(log.typeFilter).toHaveValue("");
  await expect(log.accountFilter).toHaveValue("");
  expect(await log.optionValues(log.typeFilter)).not.toContain(junkTypes[1]);
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  await log.expectLoaded("refused filters");
});
