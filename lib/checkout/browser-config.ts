import "server-only";
import type { Brand } from "@/lib/brands";
import { sharingStrategy } from "@/lib/customers";
import { stripeBrowserConfig, type StripeBrowserConfig } from "@/lib/stripe/browser-config";

/**
 * The browser's Stripe configuration for a checkout at `brand`, for a session in
 * `sessionAccount` (default: the brand's own account; a first purchase under
 * connect-clone lives on the platform, the home account).
 */
export function checkoutBrowserConfig(brand: Brand, sessionAccount?: string): StripeBrowserConfig {
  const strategy = sharingStrategy();
  const home = strategy.homeAccount();
  return stripeBrowserConfig(sessionAccount === home.account ? home : strategy.brandAccount(brand));
}

/** Stripe.js `stripeAccount` for a session of `brand` in `sessionAccount`. */
export function stripeAccountFor(brand: Brand, sessionAccount: string): string | null {
  return checkoutBrowserConfig(brand, sessionAccount).stripeAccount;
}
