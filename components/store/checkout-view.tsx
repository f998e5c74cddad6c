"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BrandCheckout, type BrandCheckoutConfig } from "@/components/checkout/brand-checkout";
import { CartSummary } from "@/components/store/cart-summary";
import { submissionId } from "@/components/store/submission-id";
import { useCart } from "@/components/store/use-cart";
import type { PublicBrand } from "@/lib/brands/public";
import type { CartLine } from "@/lib/checkout/cart-line";
import { sendJson } from "@/lib/client/send-json";

type State =
  | { kind: "creating" }
  | { kind: "ready"; clientSecret: string; stripeAccount: string | null }
  | { kind: "error"; message: string; retry: boolean };

async function createSession(
  brand: string,
  lines: CartLine[],
): Promise<{ clientSecret: string; stripeAccount: string | null }> {
  const created = await sendJson<{ clientSecret: string; stripeAccount: string | null }>(
    "/api/checkout/sessions",
    "POST",
    { brand, lines, submissionId: submissionId(brand, lines) },
    "We couldn't start the checkout. Please try again.",
  );
  if (!created.ok) throw new Error(created.message);
  return created.data;
}

export function CheckoutView({ brand, checkout }: { brand: PublicBrand; checkout: BrandCheckoutConfig }) {
  const cart = useCart(brand.slug);
  const [state, setState] = useState<State>({ kind: "creating" });
  const started = useRef<string | null>(null);
  const products = useMemo(() => new Map(brand.catalog.map((product) => [product.id, product])), [brand]);
  const summary = cart.lines.flatMap((line) => {
    const product = products.get(line.productId);
    return product ? [{ ...line, name: product.name, unitAmount: product.unitAmount }] : [];
  });

  const start = useCallback(
    (lines: CartLine[]) => {
      setState({ kind: "creating" });
      createSession(brand.slug, lines).then(
        (session) => setState({ kind: "ready", ...session }),
        (error: unknown) =>
          setState({
            kind: "error",
            message: error instanceof Error ? error.message : "We couldn't start the checkout.",
            retry: true,
          }),
      );
    },
    [brand.slug],
  );

  const signature = JSON.stringify(cart.lines);
  useEffect(() => {
    if (!cart.hydrated || cart.lines.length === 0 || started.current === signature) return;
    started.current = signature;
    start(cart.lines);
  }, [cart.hydrated, cart.lines, signature, start]);

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
        {state.kind === "creating" && <p className="p-4 text-slate-600">Preparing your secure checkout…</p>}
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
        {state.kind === "ready" && (
          <BrandCheckout
            config={checkout}
            clientSecret={state.clientSecret}
            stripeAccount={state.stripeAccount}
          />
        )}
      </section>
    </div>
  );
}
