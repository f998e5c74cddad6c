import { findBrand } from "@/lib/brands";

/** A brand's name on its colour (the same badge as on the shopper's account page). */
export function BrandBadge({ slug }: { slug: string }) {
  const brand = findBrand(slug);
  return (
    <span
      className="inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap text-white"
      style={{ backgroundColor: brand?.theme.primary ?? "#334155" }}
    >
      {brand?.name ?? slug}
    </span>
  );
}
