"use client";

import { Link } from "@/components/ui/link";
import { useBrandOfPage } from "@/components/store/use-brand-of-page";
import { useCart } from "@/components/store/use-cart";
import { itemCount } from "@/lib/checkout/quantity-input";

/** The cart of the brand being shopped at, counted in the header (a shopper may keep one cart per brand). */
export function HeaderCart({ brandSlugs }: { brandSlugs: string[] }) {
  const slug = useBrandOfPage(brandSlugs);
  if (!slug) return null;
  return <BrandCart slug={slug} />;
}

function BrandCart({ slug }: { slug: string }) {
  const cart = useCart(slug);
  return (
    <Link
      href={`/${slug}#cart`}
      // The visible "Cart 2" starts the name, so voice control users can say what they see.
      aria-label={`Cart ${itemCount(cart.count)}`}
      className="flex items-center gap-1.5 rounded-full px-2.5 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
    >
      <span aria-hidden="true">Cart</span>{" "}
      <span
        aria-hidden="true"
        className="min-w-5 rounded-full bg-slate-900 px-1.5 text-center text-xs leading-5 font-semibold text-white"
      >
        {cart.count}
      </span>
    </Link>
  );
}
