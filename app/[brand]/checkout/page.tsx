import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BrandBanner } from "@/components/store/brand-banner";
import { CheckoutView } from "@/components/store/checkout-view";
import { CheckoutWalletNote } from "@/components/wallet/checkout-wallet-note";
import { requireUser } from "@/lib/auth/session";
import { findBrand } from "@/lib/brands";
import { publicBrand } from "@/lib/brands/public";
import { checkoutBrowserConfig } from "@/lib/checkout/browser-config";
import { underTheHoodEnabled } from "@/lib/under-the-hood/under-the-hood";

type Params = { params: Promise<{ brand: string }> };

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: Params) {
  const brand = findBrand((await params).brand);
  if (!brand) notFound();
  const user = await requireUser(`/${brand.slug}/checkout`);
  const shown = publicBrand(brand);
  return (
    <div className="space-y-6">
      <BrandBanner brand={shown} title={`Checkout at ${brand.name}`} />
      <CheckoutWalletNote userId={user.id} brand={brand.slug} />
      <CheckoutView
        brand={shown}
        checkout={checkoutBrowserConfig(brand)}
        underTheHood={underTheHoodEnabled()}
      />
    </div>
  );
}
