"use client";

import { Link } from "@/components/ui/link";
import { useBrandOfPage } from "@/components/store/use-brand-of-page";

/** Brand links; the brand the shopper is in is marked, so they always know where they are buying. */
export function BrandNav({ brands }: { brands: { slug: string; name: string; color: string }[] }) {
  const current = useBrandOfPage(brands.map((brand) => brand.slug));
  return (
    <nav aria-label="Brands" className="flex gap-2 text-sm">
      {brands.map((brand) => {
        const active = brand.slug === current;
        return (
          <Link
            key={brand.slug}
            href={`/${brand.slug}`}
            aria-current={active ? "page" : undefined}
            className={
              active
                ? "rounded-full px-3 py-1 font-medium text-white"
                : "rounded-full px-3 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }
            style={active ? { backgroundColor: brand.color } : undefined}
          >
            {brand.name}
          </Link>
        );
      })}
    </nav>
  );
}
