import "server-only";
import { brandForAccount, brands, findBrand, type Brand } from "@/lib/brands";
import { customerProfile, ensureCanonicalCustomer, listCards } from "@/lib/customers/canonical";
import { customerUpdateFromProfile, profileFromCustomer, uniqueCards } from "@/lib/customers/profile";
import type { AccountClient, SavedCard, SharingStrategy } from "@/lib/customers/strategy";
import { env } from "@/lib/env";
import { brandAccountStripe, brandPublishableKey } from "@/lib/stripe/client";

/**
 * Stripe Organizations customer & payment-method sharing: one customer id and
 * the same card ids work in every brand account of the sharing group.
 *
 * Customers are always created in one home account (the brand SHARING_HOME_BRAND
 * names) so that racing first purchases at two brands share one idempotency key,
 * and with it one customer; sharing makes it appear in every other account at once.
 */
export function organizationStrategy(): SharingStrategy {
  const brandAccount = (brand: Brand): AccountClient => ({
    stripe: brandAccountStripe(brand),
    account: brand.stripe.account,
    stripeAccount: brand.stripe.account,
    publishableKey: brandPublishableKey(brand),
  });
  const home = (): AccountClient => {
    // Checked against the brands when the server starts (lib/env.ts).
    const slug = env().SHARING_HOME_BRAND;
    const brand = findBrand(slug);
    if (!brand) throw new Error(`SHARING_HOME_BRAND names no configured brand ("${slug}").`);
    return brandAccount(brand);
  };

  const savedCards = async (customerId: string): Promise<SavedCard[]> => {
    // Each account lists the shared cards; ask them all so a card is found
    // whichever account saved it, then keep one of each.
    const lists = await Promise.all(brands.map((brand) => listCards(brandAccountStripe(brand), customerId)));
    return uniqueCards(lists);
  };

  return {
    name: "organization",

    homeAccount: home,

    brandAccount,

    holdsCanonicalCustomers: (account) => brandForAccount(account)?.stripe.account === account,

    async checkoutTarget(owner, brand) {
      // Switched off or not, the session is for the shared customer: a card saved in it is then
      // the shopper's at every brand they allow, and the caller's redisplay filter hides the
      // saved ones from this session. The brand's account still lists the shared customer and
      // its cards (sharing cannot be undone per brand): see docs/sharing-strategies.md.
      const customerId = await ensureCanonicalCustomer(owner, home().stripe);
      return { ...brandAccount(brand), customerId };
    },

    async prepareBrand() {
      // Shared cards are already in every brand account.
    },

    async replaceMissingCustomer(owner, missingId) {
      await ensureCanonicalCustomer(owner, home().stripe, missingId);
    },

    savedCards,

    profile: (customerId) => customerProfile(home().stripe, customerId),

    async updateProfile(customerId, profile) {
      const updated = await home().stripe.customers.update(customerId, customerUpdateFromProfile(profile));
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
      await home().stripe.paymentMethods.detach(paymentMethodId);
      return true;
    },

    async shareSavedCard() {
      return { outcome: "applied", detail: "a shared card reaches every brand account by itself" };
    },

    sharing: {
      summary:
        "Every Rocket brand shares one Stripe customer for you, and the cards you saved, through the " +
        "company's Stripe organization: each brand's account shows the same customer id and the same " +
        "card ids. Payments stay with the brand that took them.",
      get homeAccountName() {
        return findBrand(env().SHARING_HOME_BRAND)?.name ?? env().SHARING_HOME_BRAND;
      },
    },

    async cardOrigins() {
      // A shared card is one object with one id: no brand holds a copy.
      return new Map();
    },
  };
}
