import "server-only";
import type Stripe from "stripe";
import { brands, type Brand } from "@/lib/brands";
import { ensureCanonicalCustomer } from "@/lib/customers/canonical";
import { customerUpdateFromProfile, profileFromCustomer, uniqueCards } from "@/lib/customers/profile";
import type { AccountClient, SavedCard, SharingStrategy } from "@/lib/customers/strategy";
import { brandAccountStripe, brandPublishableKey } from "@/lib/stripe/client";
import { isMissingCustomer } from "@/lib/stripe/errors";

/**
 * Stripe Organizations customer & payment-method sharing: one customer id and
 * the same card ids work in every brand account of the sharing group.
 *
 * Customers are always created in one home account (the first brand) so that
 * racing first purchases at two brands share one idempotency key, and with it
 * one customer; sharing makes it appear in every other account at once.
 */
export function organizationStrategy(): SharingStrategy {
  const home = (): Brand => {
    const first = brands[0];
    if (!first) throw new Error("The brand registry is empty.");
    return first;
  };
  const homeStripe = () => brandAccountStripe(home());
  const brandAccount = (brand: Brand): AccountClient => ({
    stripe: brandAccountStripe(brand),
    account: brand.stripe.account,
    stripeAccount: brand.stripe.account,
    publishableKey: brandPublishableKey(brand),
  });

  const listCards = async (stripe: Stripe, customerId: string): Promise<Stripe.PaymentMethod[]> => {
    try {
      const page = await stripe.customers.listPaymentMethods(customerId, { type: "card", limit: 100 });
      return page.data;
    } catch (error) {
      if (isMissingCustomer(error)) return [];
      throw error;
    }
  };

  const savedCards = async (customerId: string): Promise<SavedCard[]> => {
    // Each account lists the shared cards; ask them all so a card is found
    // whichever account saved it, then keep one of each.
    const lists = await Promise.all(brands.map((brand) => listCards(brandAccountStripe(brand), customerId)));
    return uniqueCards(lists);
  };

  return {
    name: "organization",

    checkoutAccount(brand) {
      return { account: brand.stripe.account, publishableKey: brandPublishableKey(brand) };
    },

    homeAccount: () => brandAccount(home()),

    async checkoutTarget(owner, brand) {
      const customerId = await ensureCanonicalCustomer(owner, homeStripe());
      return { ...brandAccount(brand), customerId };
    },

    async replaceMissingCustomer(owner, missingId) {
      await ensureCanonicalCustomer(owner, homeStripe(), missingId);
    },

    brandStripe: brandAccountStripe,

    savedCards,

    async profile(customerId) {
      const customer = await homeStripe().customers.retrieve(customerId);
      if (customer.deleted) return { name: null, email: null, phone: null, address: null };
      return profileFromCustomer(customer);
    },

    async updateProfile(customerId, profile) {
      const updated = await homeStripe().customers.update(customerId, customerUpdateFromProfile(profile));
      return profileFromCustomer(updated);
    },

    async accountCustomerId(_brand, customerId) {
      // Sharing gives the customer the same id in every account of the group.
      return customerId;
    },

    async detachCard(customerId, paymentMethodId) {
      // A shared card is one object for the whole group: detaching it once removes it everywhere.
      const cards = await savedCards(customerId);
      if (!cards.some((card) => card.id === paymentMethodId)) return false;
      await homeStripe().paymentMethods.detach(paymentMethodId);
      return true;
    },
  };
}
