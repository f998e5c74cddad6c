"use client";

import {
  EmbeddedCheckout as StripeEmbeddedCheckout,
  EmbeddedCheckoutProvider,
} from "@stripe/react-stripe-js";
// Never the main entry: importing it injects a js.stripe.com script tag.
import { loadStripe } from "@stripe/stripe-js/pure";
import type { Stripe } from "@stripe/stripe-js";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { flushSync, preload } from "react-dom";

export type EmbeddedCheckoutProps = {
  /** The brand's publishable key. */
  publishableKey: string;
  /**
   * The account the Checkout Session lives in (null: the key's own account). While our server is
   * still creating the session it may be a promise of it: Stripe.js and Checkout's provider are
   * then ready before the session exists, and its iframe opens the moment it does.
   */
  stripeAccount: string | null | Promise<string | null>;
  /** A Stripe.js stand-in to load first (the local emulator's), or null for real Stripe.js. */
  stripeJsUrl: string | null;
  /** Creates the Checkout Session on our server and returns its client secret. */
  fetchClientSecret: () => Promise<string>;
  /** Called when the session completes; without it Checkout follows the session's return_url. */
  onComplete?: () => void;
};

const scripts = new Map<string, Promise<void>>();

/** Adds the stand-in script once per URL; a failed load is forgotten so "Try again" retries it. */
function injectScript(url: string): Promise<void> {
  const pending = scripts.get(url);
  if (pending) return pending;
  const loading = new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.addEventListener("load", () => resolve(), { once: true });
    script.addEventListener(
      "error",
      () => {
        script.remove();
        reject(new Error(`Could not load ${url}`));
      },
      { once: true },
    );
    document.head.appendChild(script);
  });
  scripts.set(url, loading);
  loading.catch(() => scripts.delete(url));
  return loading;
}

/**
 * Starts loading Stripe.js (the stand-in, when there is one) before the session is known, so
 * it is ready when the client secret arrives. Real Stripe.js is loaded by `loadStripe` itself.
 */
export function prepareStripeJs(stripeJsUrl: string | null): void {
  if (stripeJsUrl && typeof (window as { Stripe?: unknown }).Stripe !== "function") {
    injectScript(stripeJsUrl).catch(() => {
      // Loading again (and saying so) is the embedded checkout's job once it is shown.
    });
  }
}

async function stripeFor(
  publishableKey: string,
  stripeAccount: EmbeddedCheckoutProps["stripeAccount"],
  stripeJsUrl: string | null,
): Promise<Stripe> {
  if (stripeJsUrl && typeof (window as { Stripe?: unknown }).Stripe !== "function") {
    await injectScript(stripeJsUrl);
  }
  const account = await stripeAccount;
  const stripe = await loadStripe(publishableKey, account ? { stripeAccount: account } : undefined);
  if (!stripe) throw new Error("Stripe.js did not load");
  return stripe;
}

/**
 * Stripe's embedded Checkout for one session, through the unchanged
 * `@stripe/react-stripe-js` components. Whether Stripe.js is the real one or the
 * local emulator's stand-in is decided by `stripeJsUrl` alone. "Try again" after a
 * failed load starts it all anew.
 */
export function EmbeddedCheckout(props: EmbeddedCheckoutProps) {
  // Fetch the stand-in while the page's own scripts load (a <link rel=preload> in the HTML).
  if (props.stripeJsUrl) preload(props.stripeJsUrl, { as: "script" });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return <CheckoutAttempt key={attempt} {...props} onRetry={retry} />;
}

function CheckoutAttempt({
  publishableKey,
  stripeAccount,
  stripeJsUrl,
  fetchClientSecret,
  onComplete,
  onRetry,
}: EmbeddedCheckoutProps & { onRetry: () => void }) {
  const [failed, setFailed] = useState(false);

  // The provider forbids changing its options: keep the latest callbacks in refs.
  const fetchRef = useRef(fetchClientSecret);
  const completeRef = useRef(onComplete);
  useEffect(() => {
    fetchRef.current = fetchClientSecret;
    completeRef.current = onComplete;
  });

  // Handed to the provider at once, not once loaded: one render fewer between the session's
  // arrival and Checkout's iframe. A failed load resolves it to null (the provider then does
  // nothing) and shows the error below.
  // (Rendered on the server too, where Stripe.js never loads: the browser's render starts it.)
  const stripe = useMemo(
    () =>
      typeof window === "undefined"
        ? new Promise<never>(() => undefined)
        : stripeFor(publishableKey, stripeAccount, stripeJsUrl),
    [publishableKey, stripeAccount, stripeJsUrl],
  );
  const providedStripe = useMemo(() => stripe.catch(() => null), [stripe]);
  useEffect(() => {
    let cancelled = false;
    stripe.catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
    };
  }, [stripe]);

  const fetchSecret = useCallback(async () => {
    try {
      return await fetchRef.current();
    } catch (error) {
      setFailed(true);
      throw error;
    }
  }, []);
  const hasOnComplete = onComplete !== undefined;
  const options = useMemo(
    () => ({
      fetchClientSecret: fetchSecret,
      ...(hasOnComplete ? { onComplete: () => completeRef.current?.() } : {}),
    }),
    [fetchSecret, hasOnComplete],
  );

  // Keep the loading state up until Checkout's iframe has loaded (whichever Stripe.js made it),
  // then lift it in the same task, not at React's next scheduled render.
  const containerRef = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let frame: HTMLIFrameElement | null = null;
    const onLoad = () => flushSync(() => setShown(true));
    const watch = () => {
      const next = container.querySelector("iframe");
      if (next && next !== frame) {
        frame?.removeEventListener("load", onLoad);
        frame = next;
        frame.addEventListener("load", onLoad);
      }
    };
    const observer = new MutationObserver(watch);
    observer.observe(container, { childList: true, subtree: true });
    watch();
    return () => {
      observer.disconnect();
      frame?.removeEventListener("load", onLoad);
    };
  }, []);

  if (failed) {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-center">
        <p className="font-semibold text-red-900">Checkout could not load.</p>
        <p className="mt-1 text-sm text-red-800">Nothing was charged. Check your connection and try again.</p>
        <button
          type="button"
          onClick={onRetry}
          className="mt-4 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
        >
          Try again
        </button>
      </div>
    );
  }

  const loading = !shown;
  return (
    <div className={loading ? "relative min-h-[28rem]" : "relative"} aria-busy={loading}>
      {loading && (
        <div role="status" className="absolute inset-0 flex items-center justify-center text-slate-600">
          <span className="mr-3 inline-block size-5 animate-spin rounded-full border-2 border-slate-300 border-t-slate-700 motion-reduce:animate-none" />
          Loading checkout…
        </div>
      )}
      <div ref={containerRef} className={shown ? undefined : "opacity-0"}>
        <EmbeddedCheckoutProvider stripe={providedStripe} options={options}>
          <StripeEmbeddedCheckout id="checkout" className="w-full" />
        </EmbeddedCheckoutProvider>
      </div>
    </div>
  );
}
