"use client";

import { useEffect } from "react";
import { forgetSubmissions } from "@/components/store/submission-id";
import { useCart } from "@/components/store/use-cart";

/** Empties a brand's cart once its order is recorded; buying the same cart again is a new purchase. */
export function ClearCart({ brand }: { brand: string }) {
  const { clear, hydrated } = useCart(brand);
  useEffect(() => {
    if (!hydrated) return;
    clear();
    forgetSubmissions(brand);
  }, [brand, clear, hydrated]);
  return null;
}
