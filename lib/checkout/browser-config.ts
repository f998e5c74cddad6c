import "server-only";
import { env } from "@/lib/env";
import { sharingStrategy } from "@/lib/customers";
import type { Brand } from "@/lib/brands";

/** What the browser needs to load Stripe.js for a brand's embedded Checkout. */
export interface CheckoutBrowserConfig {
  publishableKey: string;
  stripeJsUrl: string | null;
}

export function checkoutBrowserConfig(brand: Brand): CheckoutBrowserConfig {
  return {
    publishableKey: sharingStrategy().checkoutAccount(brand).publishableKey,
    stripeJsUrl: env().stripeJsUrl,
  };
}

/** Stripe.js `stripeAccount` for a session in `account` (null when it is the platform's own). */
export function stripeAccountFor(account: string): string | null {
  return account === env().STRIPE_PLATFORM_ACCOUNT ? null : account;
}
