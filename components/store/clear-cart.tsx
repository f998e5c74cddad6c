"use client";

import { useEffect } from "react";
import { useCart } from "@/components/store/use-cart";

/** Empties a brand's cart once its order is recorded. */
export function ClearCart({ brand }: { brand: string }) {
  const { clear, hydrated } = useCart(brand);
  useEffect(() => {
    if (hydrated) clear();
  }, [clear, hydrated]);
  return null;
}
