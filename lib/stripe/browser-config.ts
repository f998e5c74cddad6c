import "server-only";
import { env } from "@/lib/env";

export type StripeBrowserConfig = {
  /** Stripe.js stand-in to load before `loadStripe` (the emulator's), or null for real Stripe.js. */
  stripeJsUrl: string | null;
};

/** What the browser needs to know about Stripe.js; pass it to the `EmbeddedCheckout` component. */
export function stripeBrowserConfig(): StripeBrowserConfig {
  return { stripeJsUrl: env().stripeJsUrl };
}
