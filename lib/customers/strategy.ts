import type Stripe from "stripe";
import type { Brand } from "@/lib/brands";
import type { CustomerOwner } from "@/lib/customers/canonical";
import type { BrowserAccount } from "@/lib/stripe/browser-config";

export type SharingStrategyName = "organization" | "connect-clone";

/** A Stripe account as the server and the browser reach it. */
export interface AccountClient extends BrowserAccount {
  /** Client bound to the account. */
  stripe: Stripe;
  account: string;
}

/** Where a brand's embedded Checkout Session is created, and for which customer. */
export interface CheckoutTarget extends AccountClient {
  /** Extra session parameters the strategy needs (e.g. where a platform charge's funds go). */
  sessionParams?: Partial<Stripe.Checkout.SessionCreateParams>;
  /** The customer in that account whose saved cards Checkout offers. */
  customerId: string;
}

export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface SharedProfile {
  name: string | null;
  email: string | null;
  phone: string | null;
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
    country: string | null;
  } | null;
}

/**
 * How one shopper's customer and cards reach every brand. Both strategies look
 * the same from the shopper's side; the app only talks to this interface and
 * never asks which strategy runs. Every method is implemented by both.
 */
export interface SharingStrategy {
  /** Recorded with each checkout; never a reason to branch. */
  readonly name: SharingStrategyName;
  /**
   * Where canonical customers are created and where a card saved outside a
   * purchase goes, so that every brand can use it (organization: the account
   * of the brand SHARING_HOME_BRAND names; connect-clone: the platform).
   */
  homeAccount(): AccountClient;
  /**
   * The brand's own account under this strategy (organization: its account in
   * the organization; connect-clone: its connected account): where its
   * payments and refunds live, and what the browser is given for it.
   */
  brandAccount(brand: Brand): AccountClient;
  /**
   * Whether a customer of a session in `account` is the shopper's canonical
   * customer (organization: every brand account shares it; connect-clone:
   * only the platform's, a connected account holds the brand's copy).
   */
  holdsCanonicalCustomers(account: string): boolean;
  /**
   * Prepares the customer for a checkout at `brand` (creating or cloning as needed). With
   * `offerSavedCards` false (the shopper switched the brand off) the session must offer none of
   * their saved cards, while a card saved in it still lands where every brand they allow finds
   * it: the caller hides the cards from the session (`saved_payment_method_options`), the
   * strategy picks an account and customer for which that is enough.
   */
  checkoutTarget(owner: CustomerOwner, brand: Brand, options: CheckoutOptions): Promise<CheckoutTarget>;
  /**
   * The shopper allowed `brand` to offer their saved cards again: make them usable there ahead
   * of the next checkout, so it stays one Stripe call (organization: nothing to do, the cards
   * are shared; connect-clone: clone the platform customer's newest card into the brand).
   */
  prepareBrand(owner: CustomerOwner, brand: Brand): Promise<void>;
  /** After Stripe said a customer we stored (canonical, or a brand's copy) no longer exists. */
  replaceMissingCustomer(owner: CustomerOwner, missingId: string): Promise<void>;
  /** The shopper's reusable cards, once each, across every brand. */
  savedCards(customerId: string): Promise<SavedCard[]>;
  /** The canonical customer's shared profile. */
  profile(customerId: string): Promise<SharedProfile>;
  updateProfile(customerId: string, profile: SharedProfile): Promise<SharedProfile>;
  /**
   * The customer id to ask `brand`'s account about for the canonical customer
   * (organization: the same id everywhere; connect-clone: the brand's copy our
   * mapping holds, or null when the shopper has none there yet).
   */
  accountCustomerId(brand: Brand, customerId: string): Promise<string | null>;
  /**
   * Removes one of the canonical customer's saved cards from every brand.
   * Resolves false when the card is not one of this customer's.
   */
  detachCard(customerId: string, paymentMethodId: string): Promise<boolean>;
  /**
   * Stripe said a card was attached to a customer in `account` (the
   * `payment_method.attached` webhook): make it usable at every brand ahead of
   * the shopper's next checkout (organization: sharing already does;
   * connect-clone: clone the platform customer's newest card into every
   * brand's connected account). Idempotent, so a redelivery or a second
   * instance doing the same is harmless; rejects on a transient failure so
   * the delivery is answered 5xx and retried.
   */
  shareSavedCard(account: string, paymentMethodId: string): Promise<CardShared>;
  /** How the shopper's customer and cards reach each brand, in the shopper's words. */
  readonly sharing: SharingDescription;
  /**
   * For the cards `brand`'s account can charge for the canonical customer: the home
   * account's card each one is a copy of, by the card's id in the brand's account
   * (organization: none, a shared card is the home card itself, with its id;
   * connect-clone: the platform card each clone was made from, where known).
   */
  cardOrigins(brand: Brand, customerId: string): Promise<ReadonlyMap<string, string>>;
}

/** What a strategy tells the shopper about where their data lives. */
export interface SharingDescription {
  /** One or two sentences: what each brand's account holds and how it got there. */
  summary: string;
  /** How the home account is named to the shopper when it is no brand's own account (the platform). */
  homeAccountName: string;
}

export interface CheckoutOptions {
  /** Whether the shopper lets this brand offer their saved cards (lib/wallet/). */
  offerSavedCards: boolean;
}

/** What sharing a saved card did, as the webhook event log records it. */
export interface CardShared {
  outcome: "applied" | "ignored";
  detail: string;
}
