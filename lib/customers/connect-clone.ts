import "server-only";
import Stripe from "stripe";
import { brands, type Brand } from "@/lib/brands";
import {
  customerProfile,
  ensureCanonicalCustomer,
  listCards,
  type CustomerOwner,
} from "@/lib/customers/canonical";
import { customerUpdateFromProfile, profileFromCustomer, uniqueCards } from "@/lib/customers/profile";
import type { AccountClient, CardShared, CheckoutTarget, SharingStrategy } from "@/lib/customers/strategy";
import { isUniqueViolation, prisma, type CustomerClone } from "@/lib/db";
import { env } from "@/lib/env";
import { brandChoices } from "@/lib/wallet/brand-choices";
import { connectedAccountStripe, platformStripe } from "@/lib/stripe/client";
import { logger } from "@/lib/logger";
import { isMissingCustomer, isStripeUnavailable } from "@/lib/stripe/errors";
import { idOf } from "@/lib/stripe/ids";

/**
 * Stripe Connect cloning: the user's canonical customer and card live on the
 * platform; each brand is a connected account and charges a clone of that card,
 * attached to the user's own customer there (see docs/sharing-strategies.md).
 *
 * - No platform card yet: the purchase runs in a Checkout Session on the
 *   platform, for the platform customer, as a destination charge to the brand
 *   (`on_behalf_of` + `transfer_data`): the card the shopper saves lands on the
 *   platform, where every brand can clone it from.
 * - A platform card exists: it is cloned into the brand's connected account
 *   (once; again when the platform card changes), attached to the user's
 *   customer there, and the session is created in the connected account for
 *   that customer, so Checkout preselects the card exactly as with sharing.
 */
export function connectCloneStrategy(): SharingStrategy {
  const platformAccount = (): AccountClient => ({
    stripe: platformStripe(),
    account: env().STRIPE_PLATFORM_ACCOUNT,
    stripeAccount: null,
    publishableKey: env().STRIPE_PLATFORM_PUBLISHABLE_KEY,
  });
  // The platform acts in its connected accounts with its own keys.
  const brandAccount = (brand: Brand): AccountClient => ({
    stripe: connectedAccountStripe(brand),
    account: brand.stripe.connectedAccount,
    stripeAccount: brand.stripe.connectedAccount,
    publishableKey: env().STRIPE_PLATFORM_PUBLISHABLE_KEY,
  });

  /** A purchase on the platform for the platform customer, as a destination charge to the brand. */
  const platformTarget = (platformCustomer: string, brand: Brand): CheckoutTarget => ({
    ...platformAccount(),
    customerId: platformCustomer,
    sessionParams: {
      payment_intent_data: {
        on_behalf_of: brand.stripe.connectedAccount,
        transfer_data: { destination: brand.stripe.connectedAccount },
      },
    },
  });

  return {
    name: "connect-clone",

    homeAccount: platformAccount,

    brandAccount,

    holdsCanonicalCustomers: (account) => account === env().STRIPE_PLATFORM_ACCOUNT,

    async checkoutTarget(owner, brand, { offerSavedCards }) {
      const platform = platformStripe();
      const platformCustomer = await ensureCanonicalCustomer(owner, platform);
      // Switched off: no clone is used, the purchase runs on the platform as a first purchase
      // does (the caller hides the platform customer's cards from it), so a card saved there
      // lands on the platform and reaches the brands the shopper allows.
      if (!offerSavedCards) return platformTarget(platformCustomer, brand);
      // Usually cloned ahead of time, when the card was saved (`shareSavedCard`): then
      // the session is the checkout's one Stripe call.
      const ready = await readyClone(owner.id, brand, platformCustomer);
      if (ready) return { ...brandAccount(brand), customerId: ready.customerId };
      // Not cloned yet (that webhook has not been handled): look for a card and clone it now.
      const card = await newestCard(platform, platformCustomer);
      if (!card) return platformTarget(platformCustomer, brand);
      const clone = await cloneFor(owner, brand, platformCustomer, card);
      return { ...brandAccount(brand), customerId: clone.customerId };
    },

    async prepareBrand(owner, brand) {
      const platform = platformStripe();
      const platformCustomer = await ensureCanonicalCustomer(owner, platform);
      const card = await newestCard(platform, platformCustomer);
      if (card) await cloneFor(owner, brand, platformCustomer, card);
    },

    async replaceMissingCustomer(owner, missingId) {
      // Either the platform customer or a brand's clone customer disappeared.
      const clone = await prisma.customerClone.findFirst({
        where: { userId: owner.id, customerId: missingId },
      });
      if (clone) await prisma.customerClone.delete({ where: { id: clone.id } });
      else await ensureCanonicalCustomer(owner, platformStripe(), missingId);
    },

    async savedCards(customerId) {
      const holders = await cardHolders(customerId);
      return uniqueByCard(uniqueCards(holders.map((holder) => holder.cards)));
    },

    async detachCard(customerId, paymentMethodId) {
      // A clone is its own object: removing the card means removing the platform
      // card and every copy of it, or a brand would keep offering it.
      const holders = await cardHolders(customerId);
      const target = holders.flatMap((holder) => holder.cards).find((card) => card.id === paymentMethodId);
      if (!target) return false;
      const removed: string[] = [];
      for (const holder of holders) {
        for (const card of holder.cards.filter((candidate) => sameCard(candidate, target))) {
          await detach(holder.stripe, holder.customerId, card.id);
          removed.push(card.id);
        }
      }
      // The next checkout at those brands clones whatever card the platform has then.
      await prisma.customerClone.updateMany({
        where: { platformCustomerId: customerId, paymentMethodId: { in: removed } },
        data: { paymentMethodId: null, sourcePaymentMethodId: null },
      });
      return true;
    },

    async shareSavedCard(account, paymentMethodId) {
      // A card attached in a connected account is a brand's own (our clones among them).
      if (account !== env().STRIPE_PLATFORM_ACCOUNT) {
        return { outcome: "ignored", detail: "only platform cards are cloned into the brands" };
      }
      return cloneIntoEveryBrand(paymentMethodId);
    },

    profile: (customerId) => customerProfile(platformStripe(), customerId),

    sharing: {
      summary:
        "Each Rocket brand is its own Stripe account on the company's platform and keeps its own copy " +
        "of you: a customer with an id of its own, and a copy of the card you saved on the platform. " +
        "A first purchase before any card was saved is taken on the platform for the brand.",
      homeAccountName: "Rocket platform",
    },

    async cardOrigins(brand, customerId) {
      // Our mapping records the clone made last; a copy made before a card was replaced has no record.
      const clone = await prisma.customerClone.findFirst({
        where: { platformCustomerId: customerId, account: brand.stripe.connectedAccount },
        select: { paymentMethodId: true, sourcePaymentMethodId: true },
      });
      const origins = new Map<string, string>();
      if (clone?.paymentMethodId && clone.sourcePaymentMethodId) {
        origins.set(clone.paymentMethodId, clone.sourcePaymentMethodId);
      }
      return origins;
    },

    async accountCustomerId(brand, customerId) {
      const clone = await prisma.customerClone.findFirst({
        where: { platformCustomerId: customerId, account: brand.stripe.connectedAccount },
        select: { customerId: true },
      });
      return clone?.customerId ?? null;
    },

    async updateProfile(customerId, profile) {
      const params = customerUpdateFromProfile(profile);
      const updated = await platformStripe().customers.update(customerId, params);
      // Connect does not sync clones: copy the profile to each brand's customer ourselves.
      const clones = await prisma.customerClone.findMany({ where: { platformCustomerId: customerId } });
      await Promise.all(
        clones.map(async (clone) => {
          const brand = brands.find((candidate) => candidate.stripe.connectedAccount === clone.account);
          if (!brand) return;
          await connectedAccountStripe(brand)
            .customers.update(clone.customerId, params)
            .catch((error: unknown) => {
              if (!isMissingCustomer(error)) throw error;
            });
        }),
      );
      return profileFromCustomer(updated);
    },
  };
}

/** Each customer that holds the shopper's cards: the platform customer and every brand's clone. */
async function cardHolders(
  platformCustomer: string,
): Promise<{ stripe: Stripe; customerId: string; cards: Stripe.PaymentMethod[] }[]> {
  const clones = await prisma.customerClone.findMany({ where: { platformCustomerId: platformCustomer } });
  const holders = [{ stripe: platformStripe(), customerId: platformCustomer }];
  // Cards saved straight into a brand account (before the platform had one) count too.
  for (const clone of clones) {
    const brand = brands.find((candidate) => candidate.stripe.connectedAccount === clone.account);
    if (brand) holders.push({ stripe: connectedAccountStripe(brand), customerId: clone.customerId });
  }
  return Promise.all(
    holders.map(async (holder) => ({ ...holder, cards: await listCards(holder.stripe, holder.customerId) })),
  );
}

/** Legacy clones are sources on the customer (`card_…`); current ones are PaymentMethods. */
async function detach(stripe: Stripe, customerId: string, id: string): Promise<void> {
  if (id.startsWith("card_") || id.startsWith("src_")) await stripe.customers.deleteSource(customerId, id);
  else await stripe.paymentMethods.detach(id);
}

/** The same physical card, in whichever account (fingerprints may differ between accounts). */
function sameCard(a: Stripe.PaymentMethod, b: Stripe.PaymentMethod): boolean {
  if (a.card?.fingerprint && a.card.fingerprint === b.card?.fingerprint) return true;
  return (
    a.card?.brand === b.card?.brand &&
    a.card?.last4 === b.card?.last4 &&
    a.card?.exp_month === b.card?.exp_month &&
    a.card?.exp_year === b.card?.exp_year
  );
}

/** A clone is a different object with the same card: show each card once. */
function uniqueByCard<T extends { brand: string; last4: string; expMonth: number; expYear: number }>(
  cards: T[],
): T[] {
  const seen = new Set<string>();
  return cards.filter((card) => {
    const key = `${card.brand}|${card.last4}|${card.expMonth}|${card.expYear}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The user's clone at `brand` made from `platformCustomer` with the clone method in use, or
 * null when there is none to charge yet. A card replaced on the platform is cloned when its
 * `payment_method.attached` arrives; until then the previous clone is offered.
 */
async function readyClone(
  userId: string,
  brand: Brand,
  platformCustomer: string,
): Promise<CustomerClone | null> {
  const clone = await prisma.customerClone.findUnique({
    where: { userId_account: { userId, account: brand.stripe.connectedAccount } },
  });
  const ready =
    clone?.platformCustomerId === platformCustomer &&
    clone.paymentMethodId !== null &&
    clone.method === env().CONNECT_CLONE_METHOD;
  return ready ? clone : null;
}

/**
 * Clones the newest card of the platform customer holding `paymentMethodId` into every
 * brand's connected account. It reads the card and its customer from Stripe (the event's
 * copy is never trusted) and clones the newest card whichever attachment the event is about,
 * so deliveries in any order end on the same clone. `cloneFor` is idempotent (keys derived
 * from the user, account and card; one mapping row per user and account), so two instances
 * handling the same delivery make one clone. A transient failure at any brand rejects, so
 * the delivery is retried; a refusal (the brand's account will not take the card) is logged
 * and left to the next checkout there, which clones inline and shows the shopper the answer.
 */
async function cloneIntoEveryBrand(paymentMethodId: string): Promise<CardShared> {
  const platform = platformStripe();
  const method = await platform.paymentMethods.retrieve(paymentMethodId);
  const platformCustomer = idOf(method.customer);
  if (!platformCustomer) return { outcome: "ignored", detail: "the card is no longer attached" };
  const user = await prisma.user.findUnique({
    where: { stripeCustomerId: platformCustomer },
    select: { id: true, email: true, name: true },
  });
  if (!user) return { outcome: "ignored", detail: "no shopper has this platform customer" };
  const card = await newestCard(platform, platformCustomer);
  if (!card) return { outcome: "ignored", detail: "the customer has no card any more" };
  const owner = { ...user, stripeCustomerId: platformCustomer };
  // A brand the shopper switched off gets no clone; allowing it again clones (`prepareBrand`).
  const choices = await brandChoices(user.id);
  const allowed = brands.filter((brand) => choices.get(brand.slug) !== false);
  const results = await Promise.allSettled(
    allowed.map((brand) => cloneFor(owner, brand, platformCustomer, card)),
  );
  const refused: string[] = [];
  for (const [index, result] of results.entries()) {
    if (result.status === "fulfilled") continue;
    const error: unknown = result.reason;
    const permanent = error instanceof Stripe.errors.StripeError && !isStripeUnavailable(error);
    if (!permanent) throw error;
    const brand = allowed[index]?.slug ?? "unknown";
    logger.warn({ err: error, brand, card: card.id }, "card not cloned ahead; the next checkout clones it");
    refused.push(brand);
  }
  const cloned = allowed.length - refused.length;
  const skipped = brands.filter((brand) => !allowed.includes(brand)).map((brand) => brand.slug);
  return {
    outcome: "applied",
    detail:
      `card ${card.id} cloned into ${cloned} of ${brands.length} brand accounts` +
      (refused.length ? `; refused at ${refused.join(", ")}` : "") +
      (skipped.length ? `; not at ${skipped.join(", ")} (switched off by the shopper)` : ""),
  };
}

/** The platform customer's most recently saved reusable card. */
async function newestCard(platform: Stripe, customerId: string): Promise<Stripe.PaymentMethod | null> {
  const cards = await listCards(platform, customerId);
  return [...cards].sort((a, b) => b.created - a.created)[0] ?? null;
}

/**
 * The user's customer in the brand's connected account with a clone of the
 * platform card attached: created once and reused, re-cloned when the
 * platform card is not the one cloned last time.
 */
export async function cloneFor(
  owner: CustomerOwner,
  brand: Brand,
  platformCustomer: string,
  card: Stripe.PaymentMethod,
  method: "payment_method" | "token" = env().CONNECT_CLONE_METHOD,
): Promise<CustomerClone> {
  const account = brand.stripe.connectedAccount;
  const connected = connectedAccountStripe(brand);
  let clone = await prisma.customerClone.findUnique({
    where: { userId_account: { userId: owner.id, account } },
  });
  if (clone && clone.platformCustomerId !== platformCustomer) {
    await prisma.customerClone.delete({ where: { id: clone.id } });
    clone = null;
  }
  if (!clone) {
    const customer = await connected.customers.create(
      {
        email: owner.email,
        name: owner.name ?? undefined,
        metadata: { rocket_user_id: owner.id, platform_customer: platformCustomer },
      },
      { idempotencyKey: `rocket-clone-customer:${owner.id}:${account}:${platformCustomer}` },
    );
    clone = await prisma.customerClone
      .create({
        data: { userId: owner.id, account, platformCustomerId: platformCustomer, customerId: customer.id },
      })
      .catch(async (error: unknown) => {
        // A racing request made the mapping first; use theirs. Anything else is a real failure.
        if (!isUniqueViolation(error)) throw error;
        return prisma.customerClone.findUniqueOrThrow({
          where: { userId_account: { userId: owner.id, account } },
        });
      });
  }
  if (clone.sourcePaymentMethodId === card.id && clone.paymentMethodId && clone.method === method)
    return clone;

  const cloned =
    method === "token"
      ? await cloneWithToken(connected, platformCustomer, clone.customerId)
      : await clonePaymentMethod(connected, platformCustomer, clone.customerId, card.id);
  return prisma.customerClone.update({
    where: { id: clone.id },
    data: { paymentMethodId: cloned, sourcePaymentMethodId: card.id, method },
  });
}

/** Current way: share the PaymentMethod into the connected account, then attach it there. */
async function clonePaymentMethod(
  connected: Stripe,
  platformCustomer: string,
  brandCustomer: string,
  platformCard: string,
): Promise<string> {
  const clone = await connected.paymentMethods.create(
    { customer: platformCustomer, payment_method: platformCard },
    { idempotencyKey: `rocket-clone-pm:${brandCustomer}:${platformCard}` },
  );
  await connected.paymentMethods.attach(clone.id, { customer: brandCustomer });
  // Checkout offers only cards the customer agreed to see again.
  await connected.paymentMethods.update(clone.id, { allow_redisplay: "always" });
  return clone.id;
}

/**
 * Legacy way: a single-use token of the platform customer's card (its default
 * source), saved as a source on the brand's customer.
 */
async function cloneWithToken(
  connected: Stripe,
  platformCustomer: string,
  brandCustomer: string,
): Promise<string> {
  const token = await connected.tokens.create({ customer: platformCustomer });
  const source = await connected.customers.createSource(brandCustomer, { source: token.id });
  return source.id;
}
