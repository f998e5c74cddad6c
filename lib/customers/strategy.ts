import type Stripe from "stripe";
import type { Brand } from "@/lib/brands";
import type { CustomerOwner } from "@/lib/customers/canonical";

export type SharingStrategyName = "organization" | "connect-clone";

/** A Stripe account as the server and the browser reach it. */
export interface AccountClient {
  /** Client bound to the account. */
  stripe: Stripe;
  account: string;
  /** What the browser passes as Stripe.js `stripeAccount` (null: the key's own account). */
  stripeAccount: string | null;
  publishableKey: string;
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
 * the same from the shopper's side; the app only talks to this interface.
 */
export interface SharingStrategy {
  readonly name: SharingStrategyName;
  /** The account a brand's sessions live in, and the publishable key the browser uses for it. */
  checkoutAccount(brand: Brand): { account: string; publishableKey: string };
  /**
   * Where the canonical customer is created and a card saved outside a purchase
   * goes, so that every brand can use it (organization: the home brand account;
   * connect-clone: the platform).
   */
  homeAccount(): AccountClient;
  /** Prepares the customer for a checkout at `brand` (creating or cloning as needed). */
  checkoutTarget(owner: CustomerOwner, brand: Brand): Promise<CheckoutTarget>;
  /** After Stripe said the stored canonical customer no longer exists. */
  replaceMissingCustomer(owner: CustomerOwner, missingId: string): Promise<void>;
  /** A client for reading a brand's sessions, payments and refunds. */
  brandStripe(brand: Brand): Stripe;
  /** The shopper's reusable cards, once each, across every brand. */
  savedCards(customerId: string): Promise<SavedCard[]>;
  /** The canonical customer's shared profile. */
  profile(customerId: string): Promise<SharedProfile>;
  updateProfile(customerId: string, profile: SharedProfile): Promise<SharedProfile>;
  /**
   * The customer id to query in `brand`'s account for the canonical customer
   * (organization: the same id everywhere; connect-clone: the clone our mapping
   * holds, or null when the shopper has none there yet). Optional: without it,
   * callers use the canonical id.
   */
  accountCustomerId?(brand: Brand, customerId: string): Promise<string | null>;
  /**
   * Removes one of the canonical customer's saved cards from every brand.
   * Resolves false when the card is not one of this customer's.
   */
  detachCard(customerId: string, paymentMethodId: string): Promise<boolean>;
}
