"use client";

import { useCallback, useState } from "react";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";
import type { StripeBrowserConfig } from "@/lib/stripe/browser-config";

type Props = {
  secret: string;
  config: StripeBrowserConfig;
  /** Leave out onComplete so Checkout follows the session's return_url. */
  followReturnUrl: boolean;
};

export function TestCheckout({ secret, config, followReturnUrl }: Props) {
  const [complete, setComplete] = useState(false);
  const fetchClientSecret = useCallback(async () => secret, [secret]);
  const onComplete = useCallback(() => setComplete(true), []);
  return (
    <>
      <p role="status" className="text-lg font-semibold text-emerald-800">
        {complete ? "Payment complete" : ""}
      </p>
      <EmbeddedCheckout
        {...config}
        fetchClientSecret={fetchClientSecret}
        {...(followReturnUrl ? {} : { onComplete })}
      />
    </>
  );
}
