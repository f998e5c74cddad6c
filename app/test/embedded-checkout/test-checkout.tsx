"use client";

import { useCallback, useState } from "react";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";

type Props = {
  secret: string;
  publishableKey: string;
  stripeAccount: string;
  stripeJsUrl: string | null;
  /** Leave out onComplete so Checkout follows the session's return_url. */
  followReturnUrl: boolean;
};

export function TestCheckout({ secret, publishableKey, stripeAccount, stripeJsUrl, followReturnUrl }: Props) {
  const [complete, setComplete] = useState(false);
  const fetchClientSecret = useCallback(async () => secret, [secret]);
  const onComplete = useCallback(() => setComplete(true), []);
  return (
    <>
      <p role="status" className="text-lg font-semibold text-emerald-800">
        {complete ? "Payment complete" : ""}
      </p>
      <EmbeddedCheckout
        publishableKey={publishableKey}
        stripeAccount={stripeAccount}
        stripeJsUrl={stripeJsUrl}
        fetchClientSecret={fetchClientSecret}
        {...(followReturnUrl ? {} : { onComplete })}
      />
    </>
  );
}
