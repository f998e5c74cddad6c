import type Stripe from "stripe";
import { brandForAccount, findBrand } from "@/lib/brands";
import { cardExpiry, cardLabel } from "@/lib/cards";
import { profileFromCustomer } from "@/lib/customers/profile";
import type { SharedProfile, SharingDescription } from "@/lib/customers/strategy";
import { formatMoney } from "@/lib/money";
import { paymentFromIntent, STATUS_LABELS } from "@/lib/org/timeline";
import { idOf } from "@/lib/stripe/ids";
import { formatDateTime } from "@/lib/time";

/**
 * What the shopper's "What each brand sees" page shows: for each Stripe account that holds
 * something about them, that account's own answer, as displayable text. Pure (the reads are
 * lib/brand-view/brand-view.ts's), so the mapping is unit-tested alone.
 */

/** Most cards and payments listed per account; the page says when an account holds more. */
export const MAX_CARDS_PER_ACCOUNT = 20;
export const MAX_PAYMENTS_PER_ACCOUNT = 20;

export interface Listed<T> {
  items: T[];
  /** The account holds more than `items`. */
  truncated: boolean;
}

export interface CustomerRecord {
  /** The id the account knows the shopper by. */
  id: string;
  created: string;
  profile: SharedProfile;
  /** The account's metadata on the customer, sorted by key. */
  metadata: [string, string][];
  description: string | null;
  /** The card the account charges by default, by id, when it has one. */
  defaultCard: string | null;
}

export interface CardRecord {
  id: string;
  /** "Visa •••• 4242". */
  label: string;
  /** "MM/YYYY". */
  expiry: string;
  /**
   * The home account's card this one is a copy of: its id, its label when that account listed
   * it, and that account's name.
   */
  copyOf: { id: string; label: string | null; heldBy: string } | null;
  /** Other accounts on this page that hold this very card, with the same id. */
  sameCardAt: string[];
  /** Other accounts on this page that hold a copy of this card. */
  copiedTo: string[];
}

export interface PaymentRecord {
  id: string;
  amount: string;
  status: string;
  created: string;
  card: string | null;
  /** The brand a payment taken outside that brand's own account was for (a platform charge). */
  forBrand: string | null;
}

export type AccountHolding =
  | { state: "unavailable" }
  /** The account has no customer for the shopper (none yet, or one removed in Stripe). */
  | { state: "empty" }
  | {
      state: "held";
      customer: CustomerRecord;
      cards: Listed<CardRecord>;
      payments: Listed<PaymentRecord>;
    };

export interface AccountView {
  /** The brand's slug, or "home" for an account no brand owns. */
  key: string;
  /** The brand's name, or how the strategy names the home account. */
  name: string;
  /** The Stripe account id. */
  account: string;
  /** The account is no brand's own (the Connect platform): every brand reaches it. */
  sharedByBrands: boolean;
  holding: AccountHolding;
}

export interface BrandView {
  /** The strategy's account of where the shopper's data lives. */
  sharing: string;
  accounts: AccountView[];
}

/** What one account answered, as read from Stripe. */
export interface AccountRead {
  key: string;
  name: string;
  account: string;
  sharedByBrands: boolean;
  /** null: Stripe could not be read; "none": the account has no customer for the shopper. */
  answer:
    | null
    | "none"
    | {
        customer: Stripe.Customer;
        cards: Stripe.ApiList<Stripe.PaymentMethod>;
        payments: Stripe.ApiList<Stripe.PaymentIntent>;
        /** The home account's card each card here was copied from, by card id (the strategy's `cardOrigins`). */
        origins: ReadonlyMap<string, string>;
      };
}

export function customerRecord(customer: Stripe.Customer): CustomerRecord {
  return {
    id: customer.id,
    created: formatDateTime(customer.created * 1000),
    profile: profileFromCustomer(customer),
    metadata: Object.entries(customer.metadata ?? {}).sort(([a], [b]) => a.localeCompare(b)),
    description: customer.description || null,
    defaultCard: idOf(customer.invoice_settings?.default_payment_method),
  };
}

/** The brand a payment was for, by name: the account it went to, else the brand our checkout tagged. */
function paymentBrand(intent: Stripe.PaymentIntent): string | null {
  const destination = idOf(intent.transfer_data?.destination) ?? idOf(intent.on_behalf_of);
  const byAccount = destination ? brandForAccount(destination) : undefined;
  if (byAccount) return byAccount.name;
  const tagged = intent.metadata?.brand;
  return (tagged && findBrand(tagged)?.name) || null;
}

export function paymentRecords(
  account: string,
  sharedByBrands: boolean,
  intents: Stripe.ApiList<Stripe.PaymentIntent>,
): Listed<PaymentRecord> {
  const items: PaymentRecord[] = [];
  for (const intent of intents.data.slice(0, MAX_PAYMENTS_PER_ACCOUNT)) {
    // A payment intent nobody tried to pay yet is no payment.
    const payment = paymentFromIntent("", account, intent);
    if (!payment) continue;
    items.push({
      id: payment.paymentIntentId,
      amount: formatMoney(payment.amount, payment.currency),
      status:
        payment.amountRefunded > 0 && payment.status !== "refunded"
          ? `${STATUS_LABELS[payment.status]} (${formatMoney(payment.amountRefunded, payment.currency)} back)`
          : STATUS_LABELS[payment.status],
      created: formatDateTime(payment.created * 1000),
      card: payment.card ? cardLabel(payment.card) : null,
      forBrand: sharedByBrands ? paymentBrand(intent) : null,
    });
  }
  return { items, truncated: intents.has_more || intents.data.length > MAX_PAYMENTS_PER_ACCOUNT };
}

function methodLabel(method: Stripe.PaymentMethod): string {
  return cardLabel({
    brand: method.card?.display_brand ?? method.card?.brand,
    last4: method.card?.last4 ?? "????",
  });
}

/**
 * Every account's answer as the page shows it. Cards are related across accounts by id: the
 * same id in two accounts is one shared card; a card whose origin is a home card is a copy.
 */
export function brandView(sharing: SharingDescription, reads: readonly AccountRead[]): BrandView {
  const held = reads.flatMap((read) =>
    read.answer && read.answer !== "none" ? [{ read, answer: read.answer }] : [],
  );
  const holdersOf = new Map<string, string[]>();
  const copiesOf = new Map<string, string[]>();
  const homeCards = new Map<string, Stripe.PaymentMethod>();
  for (const { read, answer } of held) {
    for (const method of answer.cards.data) {
      holdersOf.set(method.id, [...(holdersOf.get(method.id) ?? []), read.name]);
      if (read.sharedByBrands) homeCards.set(method.id, method);
    }
    for (const [, origin] of answer.origins)
      copiesOf.set(origin, [...(copiesOf.get(origin) ?? []), read.name]);
  }

  const accounts = reads.map((read): AccountView => {
    const base = {
      key: read.key,
      name: read.name,
      account: read.account,
      sharedByBrands: read.sharedByBrands,
    };
    if (read.answer === null) return { ...base, holding: { state: "unavailable" } };
    if (read.answer === "none") return { ...base, holding: { state: "empty" } };
    const { customer, cards, payments, origins } = read.answer;
    const listed = cards.data.filter((method) => method.type === "card" && method.card);
    const cardItems = listed.slice(0, MAX_CARDS_PER_ACCOUNT).map((method): CardRecord => {
      const origin = origins.get(method.id);
      const home = origin ? homeCards.get(origin) : undefined;
      return {
        id: method.id,
        label: methodLabel(method),
        expiry: cardExpiry({ expMonth: method.card?.exp_month ?? 0, expYear: method.card?.exp_year ?? 0 }),
        copyOf: origin
          ? { id: origin, label: home ? methodLabel(home) : null, heldBy: sharing.homeAccountName }
          : null,
        sameCardAt: (holdersOf.get(method.id) ?? []).filter((name) => name !== read.name),
        copiedTo: copiesOf.get(method.id) ?? [],
      };
    });
    return {
      ...base,
      holding: {
        state: "held",
        customer: customerRecord(customer),
        cards: { items: cardItems, truncated: cards.has_more || listed.length > MAX_CARDS_PER_ACCOUNT },
        payments: paymentRecords(read.account, read.sharedByBrands, payments),
      },
    };
  });
  return { sharing: sharing.summary, accounts };
}
