import "server-only";
import { brands, type Brand } from "@/lib/brands";
import {
  brandView,
  MAX_CARDS_PER_ACCOUNT,
  MAX_PAYMENTS_PER_ACCOUNT,
  type AccountRead,
  type BrandView,
} from "@/lib/brand-view/view";
import { sharingStrategy, type AccountClient } from "@/lib/customers";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { isMissingCustomer } from "@/lib/stripe/errors";

/** One account to ask, and how to find the shopper's customer and card origins there. */
interface AccountToRead {
  key: string;
  name: string;
  client: AccountClient;
  sharedByBrands: boolean;
  customerId: () => Promise<string | null>;
  origins: () => Promise<ReadonlyMap<string, string>>;
}

const NO_ORIGINS: ReadonlyMap<string, string> = new Map();

async function readAccount(target: AccountToRead): Promise<AccountRead["answer"]> {
  const customerId = await target.customerId();
  if (!customerId) return "none";
  const { stripe } = target.client;
  try {
    const [customer, cards, payments, origins] = await Promise.all([
      stripe.customers.retrieve(customerId),
      stripe.customers.listPaymentMethods(customerId, { type: "card", limit: MAX_CARDS_PER_ACCOUNT }),
      stripe.paymentIntents.list({
        customer: customerId,
        limit: MAX_PAYMENTS_PER_ACCOUNT,
        expand: ["data.latest_charge", "data.payment_method"],
      }),
      target.origins(),
    ]);
    if (customer.deleted) return "none";
    return { customer, cards, payments, origins };
  } catch (error) {
    // A customer deleted in Stripe's Dashboard: this account holds nothing about the shopper any more.
    if (isMissingCustomer(error)) return "none";
    throw error;
  }
}

/**
 * What each brand's Stripe account holds about the shopper, read live from that account
 * (and, when the strategy keeps the shopper's canonical customer in an account no brand owns,
 * from that one too). Accounts are read in parallel; one that fails is reported as such and
 * hides nothing of the others.
 */
export async function brandViewFor(userId: string): Promise<BrandView> {
  const strategy = sharingStrategy();
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { stripeCustomerId: true },
  });
  const canonical = user.stripeCustomerId;
  const forBrand = (brand: Brand): AccountToRead => ({
    key: brand.slug,
    name: brand.name,
    client: strategy.brandAccount(brand),
    sharedByBrands: false,
    customerId: async () => (canonical ? strategy.accountCustomerId(brand, canonical) : null),
    origins: async () => (canonical ? strategy.cardOrigins(brand, canonical) : NO_ORIGINS),
  });
  const targets = brands.map(forBrand);
  const home = strategy.homeAccount();
  if (!targets.some((target) => target.client.account === home.account)) {
    targets.push({
      key: "home",
      name: strategy.sharing.homeAccountName,
      client: home,
      sharedByBrands: true,
      customerId: async () => canonical,
      origins: async () => NO_ORIGINS,
    });
  }
  const answers = await Promise.allSettled(targets.map(readAccount));
  const reads = targets.map((target, index): AccountRead => {
    const result = answers[index];
    if (result?.status === "rejected") {
      logger.warn(
        { err: result.reason as unknown, account: target.client.account },
        "brand account unavailable",
      );
    }
    return {
      key: target.key,
      name: target.name,
      account: target.client.account,
      sharedByBrands: target.sharedByBrands,
      answer: result?.status === "fulfilled" ? result.value : null,
    };
  });
  return brandView(strategy.sharing, reads);
}
