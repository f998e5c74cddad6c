import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { brandView, MAX_PAYMENTS_PER_ACCOUNT, type AccountRead } from "@/lib/brand-view/view";

const SHARING = { summary: "How it is shared.", homeAccountName: "Rocket platform" };

function customer(extra: Partial<Stripe.Customer> = {}): Stripe.Customer {
  return {
    id: "cus_1",
    object: "customer",
    created: Date.UTC(2026, 0, 2, 3, 4) / 1000,
    name: "Ada Lovelace",
    email: "ada@example.com",
    phone: null,
    address: {
      line1: "1 Main St",
      line2: null,
      city: "Springfield",
      state: null,
      postal_code: "12345",
      country: "US",
    },
    metadata: { rocket_user_id: "u_1", brand_note: "vip" },
    description: null,
    invoice_settings: {
      default_payment_method: null,
      custom_fields: null,
      footer: null,
      rendering_options: null,
    },
    ...extra,
  } as Stripe.Customer;
}

function card(id: string, last4 = "4242", created = 1): Stripe.PaymentMethod {
  return {
    id,
    object: "payment_method",
    type: "card",
    created,
    card: { brand: "visa", display_brand: "visa", last4, exp_month: 4, exp_year: 2031 },
  } as Stripe.PaymentMethod;
}

function intent(id: string, extra: Partial<Stripe.PaymentIntent> = {}): Stripe.PaymentIntent {
  return {
    id,
    object: "payment_intent",
    amount: 3700,
    amount_received: 3700,
    currency: "usd",
    status: "succeeded",
    created: Date.UTC(2026, 1, 3, 14, 5) / 1000,
    metadata: {},
    last_payment_error: null,
    payment_method: card("pm_1"),
    latest_charge: {
      id: `ch_${id}`,
      amount: 3700,
      amount_captured: 3700,
      amount_refunded: 0,
      payment_method_details: { card: { brand: "visa", last4: "4242" } },
    },
    transfer_data: null,
    on_behalf_of: null,
    ...extra,
  } as Stripe.PaymentIntent;
}

function list<T>(data: T[], hasMore = false): Stripe.ApiList<T> {
  return { object: "list", data, has_more: hasMore, url: "/v1/x" };
}

function held(
  key: string,
  name: string,
  parts: {
    customer?: Stripe.Customer;
    cards?: Stripe.PaymentMethod[];
    payments?: Stripe.PaymentIntent[];
    origins?: [string, string][];
    sharedByBrands?: boolean;
    more?: boolean;
  } = {},
): AccountRead {
  return {
    key,
    name,
    account: `acct_${key}`,
    sharedByBrands: parts.sharedByBrands ?? false,
    answer: {
      customer: parts.customer ?? customer(),
      cards: list(parts.cards ?? [], parts.more),
      payments: list(parts.payments ?? [], parts.more),
      origins: new Map(parts.origins ?? []),
    },
  };
}

describe("what each brand sees", () => {
  it("shows the customer as the account holds it: shared profile, its own id, created and metadata", () => {
    const view = brandView(SHARING, [held("rides", "Rocket Rides")]);
    expect(view.sharing).toBe("How it is shared.");
    const account = view.accounts[0];
    if (account?.holding.state !== "held") throw new Error("expected a customer");
    expect(account.holding.customer).toEqual({
      id: "cus_1",
      created: "Jan 2, 2026, 3:04 AM UTC",
      profile: {
        name: "Ada Lovelace",
        email: "ada@example.com",
        phone: null,
        address: {
          line1: "1 Main St",
          line2: null,
          city: "Springfield",
          state: null,
          postal_code: "12345",
          country: "US",
        },
      },
      metadata: [
        ["brand_note", "vip"],
        ["rocket_user_id", "u_1"],
      ],
      description: null,
      defaultCard: null,
    });
  });

  it("lists payments in their currency with status, card and UTC date, refunds included", () => {
    const refunded = intent("pi_2", {
      latest_charge: {
        id: "ch_2",
        amount: 2500,
        amount_captured: 2500,
        amount_refunded: 1000,
        payment_method_details: { card: { brand: "mastercard", last4: "4444" } },
      } as Stripe.Charge,
      amount: 2500,
    });
    const view = brandView(SHARING, [
      held("rides", "Rocket Rides", { payments: [refunded, intent("pi_1", { currency: "eur" })] }),
    ]);
    const holding = view.accounts[0]?.holding;
    if (holding?.state !== "held") throw new Error("expected a customer");
    expect(holding.payments).toEqual({
      truncated: false,
      items: [
        {
          id: "pi_2",
          amount: "$25.00",
          status: "Partly refunded ($10.00 back)",
          created: "Feb 3, 2026, 2:05 PM UTC",
          card: "Mastercard •••• 4444",
          forBrand: null,
        },
        {
          id: "pi_1",
          amount: "€37.00",
          status: "Paid",
          created: "Feb 3, 2026, 2:05 PM UTC",
          card: "Visa •••• 4242",
          forBrand: null,
        },
      ],
    });
  });

  it("leaves out an intent nobody tried to pay, and says when the account holds more", () => {
    const untried = intent("pi_open", { status: "requires_payment_method", latest_charge: null });
    const many = Array.from({ length: MAX_PAYMENTS_PER_ACCOUNT }, (_, n) => intent(`pi_${n}`));
    const view = brandView(SHARING, [
      held("rides", "Rocket Rides", { payments: [untried] }),
      held("deliveries", "Rocket Deliveries", { payments: many, more: true }),
    ]);
    const [rides, deliveries] = view.accounts.map((account) => account.holding);
    if (rides?.state !== "held" || deliveries?.state !== "held") throw new Error("expected customers");
    expect(rides.payments).toEqual({ items: [], truncated: false });
    expect(deliveries.payments.items).toHaveLength(MAX_PAYMENTS_PER_ACCOUNT);
    expect(deliveries.payments.truncated).toBe(true);
    expect(deliveries.cards.truncated).toBe(true);
  });

  it("names a shared card's other holders: the same id in another brand's account", () => {
    const view = brandView(SHARING, [
      held("rides", "Rocket Rides", { cards: [card("pm_shared")] }),
      held("deliveries", "Rocket Deliveries", { cards: [card("pm_shared")] }),
    ]);
    const cards = view.accounts.map((account) =>
      account.holding.state === "held" ? account.holding.cards.items : [],
    );
    expect(cards[0]).toEqual([
      {
        id: "pm_shared",
        label: "Visa •••• 4242",
        expiry: "04/2031",
        copyOf: null,
        sameCardAt: ["Rocket Deliveries"],
        copiedTo: [],
      },
    ]);
    expect(cards[1]?.[0]?.sameCardAt).toEqual(["Rocket Rides"]);
  });

  it("links each clone to the platform card it came from, and the platform card to its copies", () => {
    const view = brandView(SHARING, [
      held("rides", "Rocket Rides", {
        customer: customer({ id: "cus_rides" }),
        cards: [card("pm_clone_rides")],
        origins: [["pm_clone_rides", "pm_platform"]],
      }),
      held("deliveries", "Rocket Deliveries", {
        customer: customer({ id: "cus_deliveries" }),
        cards: [card("pm_clone_old", "1881"), card("pm_clone_deliveries")],
        origins: [["pm_clone_deliveries", "pm_platform"]],
      }),
      held("home", "Rocket platform", {
        cards: [card("pm_platform")],
        sharedByBrands: true,
        payments: [
          intent("pi_first", {
            transfer_data: { destination: "acct_1RocketRidesCnct01" } as Stripe.PaymentIntent.TransferData,
          }),
        ],
      }),
    ]);
    const [rides, deliveries, platform] = view.accounts.map((account) => account.holding);
    if (rides?.state !== "held" || deliveries?.state !== "held" || platform?.state !== "held") {
      throw new Error("expected customers");
    }
    expect(rides.cards.items[0]?.copyOf).toEqual({
      id: "pm_platform",
      label: "Visa •••• 4242",
      heldBy: "Rocket platform",
    });
    // A copy made before the card was replaced has no recorded origin: it is not guessed.
    expect(deliveries.cards.items.map((item) => item.copyOf?.id ?? null)).toEqual([null, "pm_platform"]);
    expect(platform.cards.items[0]?.copiedTo).toEqual(["Rocket Rides", "Rocket Deliveries"]);
    expect(platform.payments.items[0]?.forBrand).toBe("Rocket Rides");
  });

  it("tells an account that holds nothing from one that could not be read", () => {
    const view = brandView(SHARING, [
      { key: "rides", name: "Rocket Rides", account: "acct_r", sharedByBrands: false, answer: "none" },
      {
        key: "deliveries",
        name: "Rocket Deliveries",
        account: "acct_d",
        sharedByBrands: false,
        answer: null,
      },
    ]);
    expect(view.accounts.map((account) => [account.name, account.holding.state])).toEqual([
      ["Rocket Rides", "empty"],
      ["Rocket Deliveries", "unavailable"],
    ]);
  });
});
