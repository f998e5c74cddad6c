"use client";

import { usePathname } from "next/navigation";
import { isWellFormedPath } from "@/lib/paths";

/**
 * The brand whose pages the shopper is on (`/rides`, `/rides/checkout`, …), if any. A malformed
 * path is none: the server renders it as the not-found page, so the header the browser hydrates
 * must not mark a brand the server's did not (the page would render again from scratch).
 */
export function useBrandOfPage(brandSlugs: readonly string[]): string | undefined {
  const pathname = usePathname();
  if (!isWellFormedPath(pathname)) return undefined;
  return brandSlugs.find((slug) => pathname === `/${slug}` || pathname.startsWith(`/${slug}/`));
}
