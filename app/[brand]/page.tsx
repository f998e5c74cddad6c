import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BrandBanner } from "@/components/store/brand-banner";
import { Storefront } from "@/components/store/storefront";
import { brands, findBrand } from "@/lib/brands";
import { publicBrand } from "@/lib/brands/public";

type Params = { params: Promise<{ brand: string }> };

export const dynamicParams = false;

export function generateStaticParams() {
  return brands.map((brand) => ({ brand: brand.slug }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const brand = findBrand((await params).brand);
  return brand ? { title: brand.name, description: brand.tagline } : {};
}

export default async function StorefrontPage({ params }: Params) {
  const brand = findBrand((await params).brand);
  if (!brand) notFound();
  const shown = publicBrand(brand);
  return (
    <div className="space-y-8">
      <BrandBanner brand={shown} />
      <Storefront brand={shown} />
    </div>
  );
}
