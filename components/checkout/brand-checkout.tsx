"use client";

import { useCallback } from "react";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";

export interface BrandCheckoutConfig {
  publishableKey: string;
  stripeJsUrl: string | null;
}

/**
 * The embedded Checkout for a session our server already created. On
 * completion Checkout follows the session's return_url to our return page.
 */
export function BrandCheckout({
  config,
  clientSecret,
  stripeAccount,
}: {
  config: BrandCheckoutConfig;
  clientSecret: string;
  /** The account the session lives in, as Stripe.js needs it (null: the key's own account). */
  stripeAccount: string | null;
}) {
  const fetchClientSecret = useCallback(() => Promise.resolve(clientSecret), [clientSecret]);
  return <EmbeddedCheckout {...config} stripeAccount={stripeAccount} fetchClientSecret={fetchClientSecret} />;
}
