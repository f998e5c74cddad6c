import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { BrandCheckout } from "@/components/checkout/brand-checkout";
import { BrandBanner } from "@/components/store/brand-banner";
import { CartSummary } from "@/components/store/cart-summary";
import { AnnounceCartPaid } from "@/components/store/checkout-tabs";
import { ClearCart } from "@/components/store/clear-cart";
import { UnderTheHood } from "@/components/under-the-hood/under-the-hood";
import { requireUser } from "@/lib/auth/session";
import { findBrand } from "@/lib/brands";
import { publicBrand } from "@/lib/brands/public";
import { cardLabel } from "@/lib/cards";
import { checkoutBrowserConfig, stripeAccountFor } from "@/lib/checkout/browser-config";
import { checkoutStatus } from "@/lib/checkout/status";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { underTheHoodEnabled } from "@/lib/under-the-hood/under-the-hood";

export const metadata: Metadata = { title: "Your order" };

type Props = {
  params: Promise<{ brand: string }>;
  searchParams: Promise<{ session_id?: string | string[] }>;
};

export default async function CheckoutReturnPage({ params, searchParams }: Props) {
  const brand = findBrand((await params).brand);
  if (!brand) notFound();
  const raw = (await searchParams).session_id;
  const sessionId = Array.isArray(raw) ? raw[0] : raw;
  const user = await requireUser(
    `/${brand.slug}/checkout/return?session_id=${encodeURIComponent(sessionId ?? "")}`,
  );
  if (!sessionId) notFound();

  let status;
  try {
    status = await checkoutStatus(user, sessionId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  if (status.brand !== brand.slug) notFound();
  const shown = publicBrand(brand);

  if (status.status === "complete") {
    return (
      <div className="space-y-6">
        <ClearCart brand={brand.slug} />
        <AnnounceCartPaid brand={brand.slug} lines={status.lineItems} sessionId={status.sessionId} />
        <BrandBanner brand={shown} title={`Thank you for your order at ${brand.name}`} />
        <div className="grid gap-6 lg:grid-cols-2">
          <section
            className="space-y-2 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
            aria-labelledby="paid-heading"
          >
            <h2 id="paid-heading" className="text-lg font-semibold">
              Payment successful
            </h2>
            <p>
              You paid <strong>{formatMoney(status.amountTotal, status.currency)}</strong> at {brand.name}
              {status.card && (
                <>
                  {" "}
                  with <strong data-testid="paid-card">{cardLabel(status.card)}</strong>
                </>
              )}
              .
            </p>
            <p className="text-sm text-slate-600" data-testid="card-saved">
              {status.cardSaved
                ? "Your card is saved for one-click checkout at every Rocket brand."
                : "Your card was not saved. To pay in one click next time, at any Rocket brand, tick “Save my card” at checkout."}
            </p>
            <div className="flex gap-4 pt-2">
              {status.orderId && (
                <Link href={`/orders/${status.orderId}`} className="font-medium text-indigo-700 underline">
                  See your receipt
                </Link>
              )}
              <Link href="/account" className="font-medium text-indigo-700 underline">
                See your orders
              </Link>
              <Link href="/" className="font-medium text-indigo-700 underline">
                Keep shopping
              </Link>
            </div>
          </section>
          <CartSummary brand={shown} lines={status.lineItems} title="What you bought" />
        </div>
        {underTheHoodEnabled() && <UnderTheHood sessionId={status.sessionId} />}
      </div>
    );
  }

  if (status.status === "open" && status.clientSecret) {
    return (
      <div className="space-y-6">
        <BrandBanner brand={shown} title={`Checkout at ${brand.name}`} />
        <p className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          Your payment is not finished yet. Complete it below.
        </p>
        <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
          <CartSummary brand={shown} lines={status.lineItems} />
          <section aria-label="Payment" className="rounded-xl bg-white p-2 shadow-sm ring-1 ring-slate-200">
            <BrandCheckout
              config={checkoutBrowserConfig(brand)}
              clientSecret={status.clientSecret}
              stripeAccount={stripeAccountFor(brand, status.account)}
            />
          </section>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <BrandBanner brand={shown} title="This checkout has expired" />
      <p>
        Nothing was charged. Your cart is still here:{" "}
        <Link href={`/${brand.slug}`} className="font-medium text-indigo-700 underline">
          go back to {brand.name}
        </Link>{" "}
        to start again.
      </p>
    </div>
  );
}
