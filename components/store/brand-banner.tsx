import Image from "next/image";
import type { PublicBrand } from "@/lib/brands/public";

/**
 * The brand's colours and name at the top of its pages. The storefront's says where the shopper
 * is; a page with its own title (checkout, confirmation) already names the brand in it, so its
 * banner is a compact line that keeps the form near the top of a phone's screen.
 */
export function BrandBanner({ brand, title }: { brand: PublicBrand; title?: string }) {
  if (title) {
    return (
      <section
        className="flex items-center gap-3 rounded-2xl px-4 py-3 sm:gap-4 sm:p-6"
        style={{ backgroundColor: brand.theme.soft }}
      >
        <Image src={brand.logo} alt="" width={40} height={40} className="size-10 sm:size-16" />
        <h1 className="text-2xl font-bold sm:text-3xl" style={{ color: brand.theme.primary }}>
          {title}
        </h1>
      </section>
    );
  }
  return (
    <section
      className="flex flex-col gap-4 rounded-2xl p-4 sm:flex-row sm:items-center sm:p-6"
      style={{ backgroundColor: brand.theme.soft }}
    >
      <Image src={brand.logo} alt="" width={64} height={64} />
      <div>
        <p className="text-sm font-medium text-slate-700">You are shopping at</p>
        <h1 className="text-3xl font-bold" style={{ color: brand.theme.primary }}>
          {brand.name}
        </h1>
        <p className="text-slate-700">{brand.tagline}</p>
      </div>
    </section>
  );
}
