import "server-only";
import { env } from "@/lib/env";

/** An account as the browser's Stripe.js addresses it. */
export interface BrowserAccount {
  publishableKey: string;
  /** Stripe.js `stripeAccount` (null: the key's own account). */
  stripeAccount: string | null;
}

export interface StripeBrowserConfig extends BrowserAccount {
  /** Stripe.js stand-in to load before `loadStripe` (the emulator's), or null for real Stripe.js. */
  stripeJsUrl: string | null;
}

/**
 * Everything the browser needs to load Stripe.js for `account`: the one place it is put
 * together. Pass it to the `EmbeddedCheckout` component (never a secret: only the
 * publishable key, the account id and the Stripe.js URL).
 */
export function stripeBrowserConfig({ publishableKey, stripeAccount }: BrowserAccount): StripeBrowserConfig {
  return { publishableKey, stripeAccount, stripeJsUrl: env().stripeJsUrl };
}
