"use client";

import { useCallback } from "react";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";

export interface BrandCheckoutConfig {
  publishableKey: string;
  stripeAccount: string;
  stripeJsUrl: string | null;
}

/**
 * The embedded Checkout for a session our server already created. On
 * completion Checkout follows the session's return_url to our return page.
 */
export function BrandCheckout({
  config,
  clientSecret,
}: {
  config: BrandCheckoutConfig;
  clientSecret: string;
}) {
  const fetchClientSecret = useCallback(() => Promise.resolve(clientSecret), [clientSecret]);
  return <EmbeddedCheckout {...config} fetchClientSecret={fetchClientSecret} />;
}
