import Image from "next/image";
import type { PublicBrand } from "@/lib/brands/public";

export function BrandBanner({ brand, title }: { brand: PublicBrand; title?: string }) {
  return (
    <section
      className="flex flex-col gap-4 rounded-2xl p-6 sm:flex-row sm:items-center"
      style={{ backgroundColor: brand.theme.soft }}
    >
      <Image src={brand.logo} alt="" width={64} height={64} />
      <div>
        <p className="text-sm font-medium text-slate-700">You are shopping at</p>
        <h1 className="text-3xl font-bold" style={{ color: brand.theme.primary }}>
          {title ?? brand.name}
        </h1>
        <p className="text-slate-700">{brand.tagline}</p>
      </div>
    </section>
  );
}
