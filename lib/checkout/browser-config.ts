import "server-only";
import type { Brand } from "@/lib/brands";
import { sharingStrategy } from "@/lib/customers";
import { env } from "@/lib/env";

/** What the browser needs to mount a brand's embedded Checkout. */
export interface CheckoutBrowserConfig {
  publishableKey: string;
  stripeAccount: string;
  stripeJsUrl: string | null;
}

export function checkoutBrowserConfig(brand: Brand): CheckoutBrowserConfig {
  const { account, publishableKey } = sharingStrategy().checkoutAccount(brand);
  return { publishableKey, stripeAccount: account, stripeJsUrl: env().stripeJsUrl };
}
