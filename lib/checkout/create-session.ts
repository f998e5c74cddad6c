import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import type { CurrentUser } from "@/lib/auth/session";
import { findBrand, type Brand } from "@/lib/brands";
import { priceCart, UnknownProductError, type CreateSessionBody, type PricedLine } from "@/lib/checkout/cart";
import { sharingStrategy } from "@/lib/customers";
import { withLiveCustomer } from "@/lib/customers/canonical";
import type { CheckoutTarget } from "@/lib/customers/strategy";
import { openCheckout } from "@/lib/checkout/lifecycle";
import {
  cartAlreadyPaid,
  cartKey,
  expireOlderSessionsOfCart,
  expireOtherSubmissionsOfCart,
} from "@/lib/checkout/one-payment-per-cart";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { stripeFailure } from "@/lib/stripe/app-error";
import { offersSavedCards } from "@/lib/wallet/brand-choices";

export interface CreatedSession {
  sessionId: string;
  clientSecret: string;
  /** The Stripe.js `stripeAccount` the browser needs for this session (null: the key's own account). */
  stripeAccount: string | null;
}

/**
 * Creates the embedded Checkout Session for a cart, in the brand's account,
 * for the user's canonical customer (so Checkout offers the cards saved at any
 * brand). Resubmitting the same cart submission returns the same session; a
 * new session of a cart expires the cart's older ones (one cart, one payment).
 */
export async function createCheckoutSession(
  user: CurrentUser,
  body: CreateSessionBody,
): Promise<CreatedSession> {
  const brand = findBrand(body.brand);
  if (!brand) throw new AppError("not_found", `There is no brand called "${body.brand}".`);
  const priced = priceLines(brand, body);
  const strategy = sharingStrategy();
  const owner = { id: user.id, email: user.email, name: user.name, stripeCustomerId: user.stripeCustomerId };
  // The shopper's choice for this brand, read now: a change takes effect at the next checkout.
  const offerSavedCards = await offersSavedCards(user.id, brand.slug);

  try {
    const key = submissionKey(user, body);
    const cart = cartKey(user.id, brand.slug, body.lines);
    // The cart's sessions of other submissions expire while this one is created, not after it.
    const closingOthers = expireOtherSubmissionsOfCart({
      userId: user.id,
      cartKey: cart,
      submissionKey: key,
    });
    const { prepared: target, result: session } = await withLiveCustomer(
      strategy,
      owner,
      (current) => strategy.checkoutTarget(current, brand, { offerSavedCards }),
      (current) => createOpenSession(current, brand, user, priced.lines, key, offerSavedCards),
    );
    const { createdAt } = await openCheckout(prisma, {
      id: session.id,
      cartKey: cart,
      submissionKey: key,
      userId: user.id,
      brand: brand.slug,
      account: target.account,
      strategy: strategy.name,
      customerId: target.customerId,
      lineItems: JSON.stringify(
        priced.lines.map(({ productId, name, quantity, unitAmount }) => ({
          productId,
          name,
          quantity,
          unitAmount,
        })),
      ),
      amountTotal: priced.amountTotal,
      currency: brand.currency,
    });
    // One cart, one payment: this session is now the only one of the cart that can be paid.
    await expireOlderSessionsOfCart(
      { id: session.id, userId: user.id, account: target.account, cartKey: cart, createdAt },
      closingOthers,
    );
    if (!session.client_secret) throw new Error(`Checkout Session ${session.id} has no client_secret`);
    return {
      sessionId: session.id,
      clientSecret: session.client_secret,
      stripeAccount: target.stripeAccount,
    };
  } catch (error) {
    throw stripeFailure(error, "create checkout session");
  }
}

function priceLines(brand: Brand, body: CreateSessionBody) {
  try {
    return priceCart(brand, body.lines);
  } catch (error) {
    if (error instanceof UnknownProductError) {
      throw new AppError("not_found", `${brand.name} does not sell: ${error.productIds.join(", ")}.`, {
        fields: { lines: [`Unknown product: ${error.productIds.join(", ")}`] },
      });
    }
    throw error;
  }
}

/** Same user + brand + cart + submission → same key → Stripe replays the same session. */
function submissionKey(user: CurrentUser, body: CreateSessionBody): string {
  const cart = [...body.lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((line) => `${line.productId}x${line.quantity}`)
    .join(",");
  return createHash("sha256").update(`${user.id}|${body.brand}|${cart}|${body.submissionId}`).digest("hex");
}

async function createOpenSession(
  target: CheckoutTarget,
  brand: Brand,
  user: CurrentUser,
  lines: PricedLine[],
  key: string,
  offerSavedCards: boolean,
): Promise<Stripe.Checkout.Session> {
  const params = sessionParams(target, brand, user, lines, offerSavedCards);
  // The choice is part of the key: after a change the same cart gets a session that obeys it.
  const idempotencyKey = `rocket-checkout-${key}-${target.customerId}${offerSavedCards ? "" : "-cards-hidden"}`;
  for (let restart = 0; restart <= MAX_RESTARTS; restart += 1) {
    // Link n of a fixed chain: a double submit walks the same keys and meets the same session.
    const key = restart === 0 ? idempotencyKey : `${idempotencyKey}-restart-${restart}`;
    const created = await target.stripe.checkout.sessions.create(params, { idempotencyKey: key });
    // A replay answers with the first response as it was then: ask for the session as it is now.
    const replayed = created.lastResponse?.headers?.["idempotent-replayed"] === "true";
    const session = replayed ? await target.stripe.checkout.sessions.retrieve(created.id) : created;
    if (session.status === "open") return session;
    // This very submission was paid: it is not bought a second time.
    if (session.status === "complete") throw cartAlreadyPaid();
    // Expired (in another tab's favour, or by age): the same submission continues in a new session.
  }
  throw new AppError(
    "conflict",
    "This checkout was restarted too many times. Reload the page to start again.",
  );
}

/** How many times one cart submission may get a new session after its session expired. */
const MAX_RESTARTS = 5;

function sessionParams(
  target: CheckoutTarget,
  brand: Brand,
  user: CurrentUser,
  lines: PricedLine[],
  offerSavedCards: boolean,
): Stripe.Checkout.SessionCreateParams {
  const metadata = { rocket_user_id: user.id, brand: brand.slug };
  return {
    ui_mode: "embedded_page",
    mode: "payment",
    customer: target.customerId,
    line_items: lines.map((line) => ({
      quantity: line.quantity,
      price_data: {
        currency: brand.currency,
        unit_amount: line.unitAmount,
        product_data: {
          name: line.name,
          description: line.description,
          metadata: { product_id: line.productId },
        },
      },
    })),
    return_url: `${env().APP_URL}/${brand.slug}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
    saved_payment_method_options: {
      payment_method_save: "enabled",
      // Checkout offers a customer's saved cards whose `allow_redisplay` is in this list. Every
      // card the shopper saves ("save my card") or an admin adds is `always`: a brand they
      // switched off asks for `limited` only, so none of those cards is offered, while a card
      // saved in this session is still theirs, `always`, for the brands they allow.
      ...(offerSavedCards ? {} : { allow_redisplay_filters: ["limited" as const] }),
    },
    ...target.sessionParams,
    metadata,
    payment_intent_data: { ...target.sessionParams?.payment_intent_data, metadata },
  };
}
