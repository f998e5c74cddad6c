import Stripe from "stripe";
import { E2E_EMULATOR_URL } from "./servers";

const url = new URL(E2E_EMULATOR_URL);

/** SDK clients on the e2e emulator, to check what the app did in each brand account. */
export function stripeAs(secretKey: string): Stripe {
  return new Stripe(secretKey, { host: url.hostname, port: Number(url.port), protocol: "http" });
}

export const ridesStripe = () => stripeAs("sk_test_rides_emulator_0001");
export const deliveriesStripe = () => stripeAs("sk_test_deliveries_emulator_0001");

/**
 * The account a shopper's first purchase at Rocket Rides is charged in: Rides'
 * own account, or in connect-clone the platform (a destination charge to Rides).
 */
export const firstRidePurchaseStripe = () =>
  process.env.SHARING_STRATEGY === "connect-clone"
    ? stripeAs("sk_test_platform_emulator_0001")
    : ridesStripe();

type Payments = { customer: string; rides: [number, string][]; deliveries: [number, string][] };

const summary = (list: Stripe.ApiList<Stripe.PaymentIntent>): [number, string][] =>
  list.data.map((intent) => [intent.amount, intent.status]);

/**
 * The canonical customer behind a shopper's first (Rocket Rides) session, and the
 * payments each brand received for it, read the way the sharing strategy stores them:
 * - organization: the same customer id in both brand accounts, one payment in each;
 * - connect-clone: a platform customer (first purchase: a platform charge sent on to
 *   Rides' connected account), and a clone customer in Deliveries' connected account.
 */
export async function paymentsBehindBothBrands(firstRideSession: string): Promise<Payments> {
  if (process.env.SHARING_STRATEGY === "connect-clone") {
    const platform = stripeAs("sk_test_platform_emulator_0001");
    const session = await platform.checkout.sessions.retrieve(firstRideSession);
    const customer = String(session.customer);
    const platformPayments = await platform.paymentIntents.list({ customer });
    const deliveries = new Stripe("sk_test_platform_emulator_0001", {
      host: url.hostname,
      port: Number(url.port),
      protocol: "http",
      stripeAccount: "acct_1RocketDelivCnct01",
    });
    const clones = await deliveries.customers.search({
      query: `metadata['platform_customer']:'${customer}'`,
    });
    const clone = clones.data[0]?.id ?? "none";
    return {
      customer,
      rides: platformPayments.data
        .filter((intent) => intent.transfer_data?.destination === "acct_1RocketRidesCnct01")
        .map((intent) => [intent.amount, intent.status]),
      deliveries: summary(await deliveries.paymentIntents.list({ customer: clone })),
    };
  }
  const rides = ridesStripe();
  const deliveries = deliveriesStripe();
  const customer = String((await rides.checkout.sessions.retrieve(firstRideSession)).customer);
  // The very same id answers in the other brand's account.
  const shared = (await deliveries.customers.retrieve(customer)).id;
  return {
    customer: shared === customer ? customer : "different ids",
    rides: summary(await rides.paymentIntents.list({ customer })),
    deliveries: summary(await deliveries.paymentIntents.list({ customer })),
  };
}

/** A Stripe account the shopper's data may live in, with a client acting in it. */
export interface ShopperAccount {
  /** How the "What each brand sees" page names it. */
  name: string;
  account: string;
  stripe: Stripe;
  /** The account holds the canonical customer itself (no brand's copy of it). */
  holdsCanonical: boolean;
}

const PLATFORM_KEY = "sk_test_platform_emulator_0001";
const inConnectedAccount = (account: string) =>
  new Stripe(PLATFORM_KEY, {
    host: url.hostname,
    port: Number(url.port),
    protocol: "http",
    stripeAccount: account,
  });

/**
 * Every account that holds something about a shopper under the strategy the suite runs:
 * - organization: each brand's own account, all sharing the canonical customer;
 * - connect-clone: each brand's connected account (with its copy), then the platform.
 */
export function shopperAccounts(): ShopperAccount[] {
  if (process.env.SHARING_STRATEGY === "connect-clone") {
    return [
      {
        name: "Rocket Rides",
        account: "acct_1RocketRidesCnct01",
        stripe: inConnectedAccount("acct_1RocketRidesCnct01"),
        holdsCanonical: false,
      },
      {
        name: "Rocket Deliveries",
        account: "acct_1RocketDelivCnct01",
        stripe: inConnectedAccount("acct_1RocketDelivCnct01"),
        holdsCanonical: false,
      },
      {
        name: "Rocket platform",
        account: "acct_1RocketPlatform001",
        stripe: stripeAs(PLATFORM_KEY),
        holdsCanonical: true,
      },
    ];
  }
  return [
    { name: "Rocket Rides", account: "acct_1RocketRides00001", stripe: ridesStripe(), holdsCanonical: true },
    {
      name: "Rocket Deliveries",
      account: "acct_1RocketDeliver0001",
      stripe: deliveriesStripe(),
      holdsCanonical: true,
    },
  ];
}

/** The customer an account knows the shopper by: the canonical one, or the brand's copy of it. */
export async function customerIn(account: ShopperAccount, canonical: string): Promise<string | null> {
  if (account.holdsCanonical) return canonical;
  const copies = await account.stripe.customers.search({
    query: `metadata['platform_customer']:'${canonical}'`,
  });
  return copies.data[0]?.id ?? null;
}
