import type { Metadata } from "next";
import Image from "next/image";
import { notFound } from "next/navigation";
import { brands, findBrand } from "@/lib/brands";
import { formatMoney } from "@/lib/money";

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
  return (
    <div className="space-y-8">
      <section
        className="flex flex-col gap-4 rounded-2xl p-6 sm:flex-row sm:items-center"
        style={{ backgroundColor: brand.theme.soft }}
      >
        <Image src={brand.logo} alt="" width={64} height={64} />
        <div>
          <p className="text-sm font-medium text-slate-600">You are shopping at</p>
          <h1 className="text-3xl font-bold" style={{ color: brand.theme.primary }}>
            {brand.name}
          </h1>
          <p className="text-slate-700">{brand.tagline}</p>
        </div>
      </section>
      <section aria-labelledby="catalog-heading" className="space-y-4">
        <h2 id="catalog-heading" className="text-xl font-semibold">
          Catalog
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {brand.catalog.map((product) => (
            <li key={product.id} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
              <h3 className="font-semibold">{product.name}</h3>
              <p className="mt-1 text-sm text-slate-600">{product.description}</p>
              <p className="mt-3 text-lg font-semibold">{formatMoney(product.unitAmount, brand.currency)}</p>
            </li>
          ))}
        </ul>
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          The cart and embedded checkout open here soon.
        </p>
      </section>
    </div>
  );
}
