"use client";

import { Link } from "@/components/ui/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { preload } from "react-dom";
import type { BrandCheckoutConfig } from "@/components/checkout/brand-checkout";
import { EmbeddedCheckout, prepareStripeJs } from "@/components/checkout/embedded-checkout";
import { CartSummary } from "@/components/store/cart-summary";
import { cartSignature, useCheckoutTabs } from "@/components/store/checkout-tabs";
import {
  CheckoutClosedError,
  createCheckoutSession,
  type CreatedSession,
} from "@/components/store/checkout-session";
import { forgetSubmissions } from "@/components/store/submission-id";
import { useCart } from "@/components/store/use-cart";
import { UnderTheHood } from "@/components/under-the-hood/under-the-hood";
import type { PublicBrand } from "@/lib/brands/public";
import type { CartLine } from "@/lib/checkout/cart-line";

/**
 * One request for this tab's Checkout Session, and what Checkout needs of it: handed to the
 * embedded Checkout while the request is still running, so its iframe opens as the answer arrives.
 */
interface Opening {
  id: number;
  stripeAccount: Promise<string | null>;
  fetchClientSecret: () => Promise<string>;
}

function openingOf(id: number, session: Promise<CreatedSession>): Opening {
  const stripeAccount = session.then((created) => created.stripeAccount);
  // A failed request is the view's to show (below), not an unhandled rejection.
  stripeAccount.catch(() => undefined);
  return { id, stripeAccount, fetchClientSecret: () => session.then((created) => created.clientSecret) };
}

type State =
  /** The session is being created (`opening`: its request, once the cart is known). */
  | { kind: "creating"; opening: Opening | null }
  | { kind: "ready"; opening: Opening; sessionId: string; cart: string }
  | { kind: "error"; message: string; retry: boolean }
  /** Another tab opened a newer checkout of this cart: this tab's session can no longer be paid. */
  | { kind: "moved"; cart: string }
  /** The cart was paid (in another tab, or this submission already was): nothing more to pay. */
  | { kind: "closed"; message: string };

/** Stripe's status of this tab's session, as our server reads it; null when it cannot tell. */
async function sessionStatus(sessionId: string): Promise<string | null> {
  try {
    const response = await fetch(`/api/checkout/sessions/${encodeURIComponent(sessionId)}`);
    if (!response.ok) return null;
    const body = (await response.json()) as { status?: unknown };
    return typeof body.status === "string" ? body.status : null;
  } catch {
    return null;
  }
}

const PAID_ELSEWHERE = "This cart is already paid in another tab. Nothing more was charged.";

export function CheckoutView({
  brand,
  checkout,
  underTheHood = false,
}: {
  brand: PublicBrand;
  checkout: BrandCheckoutConfig;
  /** Whether the demo's "Under the hood" panel exists (a local emulator only). */
  underTheHood?: boolean;
}) {
  const cart = useCart(brand.slug);
  // Stripe.js loads while the session is created, not after.
  if (checkout.stripeJsUrl) preload(checkout.stripeJsUrl, { as: "script" });
  useEffect(() => prepareStripeJs(checkout.stripeJsUrl), [checkout.stripeJsUrl]);
  const [state, setState] = useState<State>({ kind: "creating", opening: null });
  const started = useRef<string | null>(null);
  const openings = useRef(0);
  // Another tab started a checkout of this cart while ours was being created: check ours once ready.
  const recheck = useRef(false);
  const products = useMemo(() => new Map(brand.catalog.map((product) => [product.id, product])), [brand]);
  const summary = cart.lines.flatMap((line) => {
    const product = products.get(line.productId);
    return product ? [{ ...line, name: product.name, unitAmount: product.unitAmount }] : [];
  });

  const checkOwnSession = useCallback(async (sessionId: string) => {
    const status = await sessionStatus(sessionId);
    setState((current) => {
      if (current.kind !== "ready" || current.sessionId !== sessionId) return current;
      if (status === "expired") return { kind: "moved", cart: current.cart };
      if (status === "complete") return { kind: "closed", message: PAID_ELSEWHERE };
      return current;
    });
  }, []);

  const tell = useCheckoutTabs((message) => {
    if (state.kind === "creating" && message.cart === cartSignature(brand.slug, cart.lines)) {
      recheck.current = true;
      return;
    }
    if (state.kind !== "ready" && state.kind !== "moved") return;
    if (message.cart !== state.cart) return;
    if (message.kind === "cart-paid") setState({ kind: "closed", message: PAID_ELSEWHERE });
    else if (state.kind === "ready" && message.sessionId !== state.sessionId)
      void checkOwnSession(state.sessionId);
  });

  const start = useCallback(
    (lines: CartLine[]) => {
      recheck.current = false;
      const signature = cartSignature(brand.slug, lines);
      const session = createCheckoutSession(brand.slug, lines);
      const opening = openingOf((openings.current += 1), session);
      setState({ kind: "creating", opening });
      session.then(
        (created) => {
          setState({ kind: "ready", opening, sessionId: created.sessionId, cart: signature });
          tell({ kind: "session-started", cart: signature, sessionId: created.sessionId });
          if (recheck.current) void checkOwnSession(created.sessionId);
        },
        (error: unknown) => {
          if (error instanceof CheckoutClosedError) {
            // This tab's submission is spent: a new checkout of the cart is a new purchase.
            forgetSubmissions(brand.slug);
            setState({ kind: "closed", message: error.message });
            return;
          }
          setState({
            kind: "error",
            message: error instanceof Error ? error.message : "We couldn't start the checkout.",
            retry: true,
          });
        },
      );
    },
    [brand.slug, tell, checkOwnSession],
  );

  /** A fresh checkout of the cart in this tab (its other tabs' sessions are expired by it). */
  const startOver = useCallback(() => {
    forgetSubmissions(brand.slug);
    start(cart.lines);
  }, [brand.slug, cart.lines, start]);

  const signature = JSON.stringify(cart.lines);
  useEffect(() => {
    if (!cart.hydrated || cart.lines.length === 0 || started.current === signature) return;
    started.current = signature;
    start(cart.lines);
  }, [cart.hydrated, cart.lines, signature, start]);

  if (state.kind === "moved" || state.kind === "closed") {
    return (
      <div role="status" className="space-y-3 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p className="font-medium">
          {state.kind === "moved" ? "This checkout continues in another tab." : state.message}
        </p>
        {state.kind === "moved" && (
          <p className="text-slate-600">
            Nothing was charged here. Pay in the other tab, or continue here instead.
          </p>
        )}
        <div className="flex flex-wrap items-center gap-4">
          {state.kind === "moved" && cart.lines.length > 0 && (
            <button
              type="button"
              onClick={startOver}
              className="rounded-md bg-slate-900 px-4 py-2 font-medium text-white"
            >
              Continue in this tab
            </button>
          )}
          <Link href="/account" className="font-medium text-indigo-700 underline">
            See your orders
          </Link>
          <Link href={`/${brand.slug}`} className="font-medium text-indigo-700 underline">
            Back to {brand.name}
          </Link>
        </div>
      </div>
    );
  }

  if (cart.hydrated && cart.lines.length === 0 && state.kind !== "ready") {
    return (
      <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p className="font-medium">Your cart is empty.</p>
        <Link href={`/${brand.slug}`} className="mt-2 inline-block font-medium text-indigo-700 underline">
          Back to {brand.name}
        </Link>
      </div>
    );
  }

  return (
    <div className="grid gap-3 lg:grid-cols-[20rem_1fr] lg:gap-6">
      <div className="space-y-3">
        <CartSummary brand={brand} lines={summary} className="hidden lg:block" />
        <Link href={`/${brand.slug}`} className="inline-block text-sm font-medium text-indigo-700 underline">
          Edit cart
        </Link>
      </div>
      <section
        aria-label="Payment"
        className="min-h-[32rem] rounded-xl bg-white p-2 shadow-sm ring-1 ring-slate-200"
      >
        {state.kind === "creating" && !state.opening && (
          <p className="p-4 text-slate-600">Preparing your secure checkout…</p>
        )}
        {state.kind === "error" && (
          <div role="alert" className="space-y-3 p-4">
            <p className="text-red-800">{state.message}</p>
            {state.retry && (
              <button
                type="button"
                onClick={() => start(cart.lines)}
                className="rounded-md bg-slate-900 px-4 py-2 font-medium text-white"
              >
                Try again
              </button>
            )}
          </div>
        )}
        {(state.kind === "creating" || state.kind === "ready") && state.opening && (
          <EmbeddedCheckout
            key={state.opening.id}
            {...checkout}
            stripeAccount={state.opening.stripeAccount}
            fetchClientSecret={state.opening.fetchClientSecret}
          />
        )}
      </section>
      {underTheHood && state.kind === "ready" && (
        <div className="lg:col-span-2">
          <UnderTheHood key={state.sessionId} sessionId={state.sessionId} />
        </div>
      )}
    </div>
  );
}
