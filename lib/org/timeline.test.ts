import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { aggregateSpend, lifetimeSpend } from "@/lib/org/spend";
import {
  mergeTimeline,
  paymentDescription,
  paymentFromIntent,
  STATUS_LABELS,
  type OrderRecord,
  type StripePayment,
} from "@/lib/org/timeline";

const payment = (overrides: Partial<StripePayment>): StripePayment => ({
  brand: "rides",
  account: "acct_rides",
  paymentIntentId: "pi_1",
  chargeId: "ch_1",
  amount: 3700,
  amountRefunded: 0,
  currency: "usd",
  status: "paid",
  card: { brand: "visa", last4: "4242" },
  created: 1_700_000_000,
  fromAppCheckout: false,
  ...overrides,
});

const order = (overrides: Partial<OrderRecord>): OrderRecord => ({
  id: "ord_1",
  brand: "rides",
  account: "acct_rides",
  paymentIntentId: "pi_1",
  amountTotal: 3700,
  amountRefunded: 0,
  currency: "usd",
  status: "paid",
  cardBrand: "visa",
  cardLast4: "4242",
  paidAt: new Date(1_700_000_000_000),
  summary: "City ride × 2",
  ...overrides,
});

describe("mergeTimeline", () => {
  it("joins a Stripe payment with its order, Stripe's refund state winning over a stale order", () => {
    const [entry, ...rest] = mergeTimeline(
      [payment({ amountRefunded: 1000, status: "partially_refunded" })],
      [order({ amountRefunded: 0 })],
    );
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      key: "pi_1",
      orderId: "ord_1",
      summary: "City ride × 2",
      amountRefunded: 1000,
      refundable: 2700,
      status: "partially_refunded",
      source: "stripe+order",
    });
  });

  it("keeps payments made outside the app and orders Stripe did not report, newest first across brands", () => {
    const entries = mergeTimeline(
      [
        payment({ paymentIntentId: "pi_rides", created: 1_700_000_100 }),
        payment({
          brand: "deliveries",
          account: "acct_deliveries",
          paymentIntentId: "pi_outside",
          amount: 999,
          created: 1_700_000_300,
        }),
        payment({ paymentIntentId: "pi_failed", status: "failed", created: 1_700_000_050 }),
      ],
      [
        order({ id: "ord_rides", paymentIntentId: "pi_rides" }),
        order({
          id: "ord_unread",
          brand: "deliveries",
          paymentIntentId: "pi_unread",
          amountTotal: 2500,
          amountRefunded: 2500,
          paidAt: new Date(1_700_000_200_000),
        }),
      ],
    );
    expect(entries.map((entry) => [entry.key, entry.source, entry.status, entry.refundable])).toEqual([
      ["pi_outside", "stripe", "paid", 999],
      ["pi_unread", "order", "refunded", 0],
      ["pi_rides", "stripe+order", "paid", 3700],
      ["pi_failed", "stripe", "failed", 0],
    ]);
  });

  it("lists a payment once even when two reads report it", () => {
    expect(mergeTimeline([payment({}), payment({})], [])).toHaveLength(1);
  });
});

describe("where a payment came from and what state it is in", () => {
  const describeOne = (stripe: Partial<StripePayment>, orders: OrderRecord[] = []) => {
    const [entry] = mergeTimeline([payment(stripe)], orders);
    if (!entry) throw new Error("no entry");
    return [entry.origin, paymentDescription(entry), STATUS_LABELS[entry.status]];
  };

  it("names an abandoned 3D Secure checkout of ours as the app's, waiting for the shopper", () => {
    expect(describeOne({ fromAppCheckout: true, status: "awaiting_shopper", card: null })).toEqual([
      "app_checkout",
      "Checkout in the app, not completed",
      "Waiting for 3D Secure",
    ]);
  });

  it("names declined and canceled checkouts of ours, and a paid one whose order is on its way", () => {
    expect(describeOne({ fromAppCheckout: true, status: "failed" })[1]).toBe(
      "Checkout in the app, payment failed",
    );
    expect(describeOne({ fromAppCheckout: true, status: "canceled" })[1]).toBe(
      "Checkout in the app, canceled",
    );
    expect(describeOne({ fromAppCheckout: true, status: "paid" })[1]).toBe(
      "Checkout in the app, order being recorded",
    );
  });

  it("says outside the app only for payments our checkout did not create", () => {
    expect(describeOne({ fromAppCheckout: false, status: "pending" })).toEqual([
      "outside",
      "Payment outside the app",
      "Processing",
    ]);
  });

  it("shows what was bought when the payment has an order", () => {
    expect(describeOne({ fromAppCheckout: true }, [order({})])).toEqual(["order", "City ride × 2", "Paid"]);
  });
});

describe("paymentFromIntent", () => {
  const intent = (overrides: Partial<Stripe.PaymentIntent>) =>
    ({
      id: "pi_x",
      amount: 5000,
      amount_received: 5000,
      currency: "usd",
      status: "succeeded",
      created: 1_700_000_000,
      last_payment_error: null,
      payment_method: null,
      latest_charge: {
        id: "ch_x",
        amount: 5000,
        amount_captured: 5000,
        amount_refunded: 5000,
        payment_method_details: { card: { brand: "mastercard", last4: "4444" } },
      },
      ...overrides,
    }) as unknown as Stripe.PaymentIntent;

  it("reads amount, refunds and card from the latest charge", () => {
    expect(paymentFromIntent("rides", "acct_r", intent({}))).toMatchObject({
      paymentIntentId: "pi_x",
      chargeId: "ch_x",
      amount: 5000,
      amountRefunded: 5000,
      status: "refunded",
      card: { brand: "mastercard", last4: "4444" },
    });
  });

  it("skips intents never confirmed and marks declines as failed", () => {
    expect(
      paymentFromIntent(
        "rides",
        "acct_r",
        intent({ status: "requires_payment_method", latest_charge: null }),
      ),
    ).toBeNull();
    expect(
      paymentFromIntent(
        "rides",
        "acct_r",
        intent({
          status: "requires_payment_method",
          last_payment_error: { message: "declined" } as Stripe.PaymentIntent.LastPaymentError,
        }),
      )?.status,
    ).toBe("failed");
  });

  it("tells a payment waiting for 3D Secure from one still processing, and knows our checkout's", () => {
    const ours = { rocket_user_id: "user_1", brand: "rides" };
    const waiting = paymentFromIntent(
      "rides",
      "acct_r",
      intent({ status: "requires_action", latest_charge: null, metadata: ours }),
    );
    expect([waiting?.status, waiting?.fromAppCheckout]).toEqual(["awaiting_shopper", true]);
    const processing = paymentFromIntent(
      "rides",
      "acct_r",
      intent({ status: "processing", latest_charge: null, metadata: {} }),
    );
    expect([processing?.status, processing?.fromAppCheckout]).toEqual(["pending", false]);
  });
});

describe("aggregateSpend", () => {
  it("sums paid minus refunded per brand and in total, ignoring failed payments, with every brand listed", () => {
    const entries = mergeTimeline(
      [
        payment({
          paymentIntentId: "pi_a",
          amount: 3700,
          amountRefunded: 1000,
          status: "partially_refunded",
        }),
        payment({ paymentIntentId: "pi_b", amount: 1850 }),
        payment({ paymentIntentId: "pi_c", brand: "deliveries", amount: 2500 }),
        payment({ paymentIntentId: "pi_d", brand: "deliveries", amount: 2500, status: "failed" }),
        payment({
          paymentIntentId: "pi_e",
          brand: "deliveries",
          amount: 1200,
          amountRefunded: 1200,
          status: "refunded",
        }),
      ],
      [],
    );
    const spend = aggregateSpend(entries, ["rides", "deliveries", "parcels"]);
    expect(
      spend.perBrand.map((line) => [line.brand, line.gross, line.refunded, line.net, line.payments]),
    ).toEqual([
      ["rides", 5550, 1000, 4550, 2],
      ["deliveries", 3700, 1200, 2500, 2],
      ["parcels", 0, 0, 0, 0],
    ]);
    expect(spend.totals).toEqual([{ currency: "usd", gross: 9250, refunded: 2200, net: 7050, payments: 4 }]);
  });

  it("keeps currencies apart", () => {
    const spend = aggregateSpend(
      [
        { brand: "rides", currency: "usd", amount: 100, amountRefunded: 0, status: "paid" },
        { brand: "rides", currency: "eur", amount: 200, amountRefunded: 50, status: "partially_refunded" },
      ],
      ["rides"],
    );
    expect(spend.totals.map((total) => [total.currency, total.net])).toEqual([
      ["eur", 150],
      ["usd", 100],
    ]);
  });
});

describe("lifetimeSpend", () => {
  it("is paid minus refunded over our orders, counting the orders a grouped row stands for", () => {
    const spend = lifetimeSpend(
      [
        { brand: "rides", currency: "usd", amountTotal: 5550, amountRefunded: 1000, orders: 2 },
        { brand: "deliveries", currency: "usd", amountTotal: 2500, amountRefunded: 0 },
      ],
      ["rides", "deliveries"],
    );
    expect(spend.perBrand.map((line) => [line.brand, line.net, line.payments])).toEqual([
      ["rides", 4550, 2],
      ["deliveries", 2500, 1],
    ]);
    expect(spend.totals).toEqual([{ currency: "usd", gross: 8050, refunded: 1000, net: 7050, payments: 3 }]);
  });

  it("gives the list's grouped rows and the customer page's order rows the same figure", () => {
    const orders = [
      { brand: "rides", currency: "usd", amountTotal: 3700, amountRefunded: 1000 },
      { brand: "rides", currency: "usd", amountTotal: 1850, amountRefunded: 0 },
    ];
    const grouped = [{ brand: "rides", currency: "usd", amountTotal: 5550, amountRefunded: 1000, orders: 2 }];
    expect(lifetimeSpend(grouped).totals).toEqual(lifetimeSpend(orders).totals);
  });
});
