import "server-only";
import Stripe from "stripe";
import { brandForAccount, type Brand } from "@/lib/brands";
import { env, type BrandKeys } from "@/lib/env";

/**
 * The one place Stripe clients are built. Everything else receives a client
 * bound to an account and never learns whether it talks to Stripe or to the
 * local emulator: only STRIPE_API_BASE differs.
 */
function connection(): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  const url = new URL(env().STRIPE_API_BASE);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

const clients = new Map<string, Stripe>();

function client(secretKey: string, scope: { stripeAccount?: string; stripeContext?: string }): Stripe {
  const cacheKey = `${secretKey}|${scope.stripeAccount ?? ""}|${scope.stripeContext ?? ""}`;
  let stripe = clients.get(cacheKey);
  if (!stripe) {
    stripe = new Stripe(secretKey, {
      ...connection(),
      ...scope,
      // Every POST carries an idempotency key, so retrying transient failures is safe.
      maxNetworkRetries: 3,
      timeout: 20_000,
      appInfo: { name: "rocket-checkout", url: "https://github.com/rocket-checkout" },
      telemetry: false,
    });
    clients.set(cacheKey, stripe);
  }
  return stripe;
}

function keysOf(brand: Brand): BrandKeys {
  const keys = env().brandKeys[brand.slug];
  if (!keys) throw new Error(`Brand "${brand.slug}" is not in the configured brands.`);
  return keys;
}

/** A client acting in the brand's own account of the organization. */
export function brandAccountStripe(brand: Brand): Stripe {
  const { stripe } = brand;
  return stripe.auth === "organization-key"
    ? client(env().STRIPE_ORGANIZATION_SECRET_KEY, { stripeContext: stripe.account })
    : client(keysOf(brand).secretKey, {});
}

/** The Connect platform itself (connect-clone strategy). */
export function platformStripe(): Stripe {
  return client(env().STRIPE_PLATFORM_SECRET_KEY, {});
}

/** The platform acting in a brand's connected account (Stripe-Account header). */
export function connectedAccountStripe(brand: Brand): Stripe {
  return client(env().STRIPE_PLATFORM_SECRET_KEY, { stripeAccount: brand.stripe.connectedAccount });
}

/**
 * A client acting in any account the app knows: a brand's organization account,
 * a brand's connected account, or the platform. Null for a stranger's account.
 */
export function accountStripe(account: string): Stripe | null {
  if (account === env().STRIPE_PLATFORM_ACCOUNT) return platformStripe();
  const brand = brandForAccount(account);
  if (!brand) return null;
  return brand.stripe.account === account ? brandAccountStripe(brand) : connectedAccountStripe(brand);
}

/** The publishable key the browser uses for a brand's account. */
export function brandPublishableKey(brand: Brand): string {
  return keysOf(brand).publishableKey;
}

export { Stripe };
