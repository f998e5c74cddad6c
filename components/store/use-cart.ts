"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import { MAX_CART_LINES, MAX_QUANTITY, parseStoredCart, type CartLine } from "@/lib/checkout/cart-line";

/**
 * The cart of one brand, kept in localStorage so it survives a reload and a
 * detour through sign-in. Holds product ids and quantities only: prices are
 * always taken from the server-side catalog.
 */
const EMPTY: CartLine[] = [];
const listeners = new Set<() => void>();
const snapshots = new Map<string, { raw: string | null; lines: CartLine[] }>();

const storageKey = (brand: string) => `rocket-cart:${brand}`;

function read(brand: string): CartLine[] {
  const raw = window.localStorage.getItem(storageKey(brand));
  const cached = snapshots.get(brand);
  if (cached && cached.raw === raw) return cached.lines;
  let lines = EMPTY;
  try {
    const parsed = parseStoredCart(raw ? JSON.parse(raw) : []);
    if (parsed.length > 0) lines = parsed;
  } catch {
    lines = EMPTY;
  }
  snapshots.set(brand, { raw, lines });
  return lines;
}

function write(brand: string, lines: CartLine[]): void {
  if (lines.length === 0) window.localStorage.removeItem(storageKey(brand));
  else window.localStorage.setItem(storageKey(brand), JSON.stringify(lines));
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export function useCart(brand: string) {
  const lines = useSyncExternalStore(
    subscribe,
    () => read(brand),
    () => EMPTY,
  );
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );

  const setQuantity = useCallback(
    (productId: string, quantity: number) => {
      const current = read(brand);
      const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
      const next =
        clamped === 0
          ? current.filter((line) => line.productId !== productId)
          : current.some((line) => line.productId === productId)
            ? current.map((line) => (line.productId === productId ? { ...line, quantity: clamped } : line))
            : [...current, { productId, quantity: clamped }].slice(0, MAX_CART_LINES);
      write(brand, next);
    },
    [brand],
  );

  return useMemo(
    () => ({
      lines,
      hydrated,
      count: lines.reduce((sum, line) => sum + line.quantity, 0),
      add: (productId: string) =>
        setQuantity(productId, (read(brand).find((line) => line.productId === productId)?.quantity ?? 0) + 1),
      setQuantity,
      remove: (productId: string) => setQuantity(productId, 0),
      clear: () => write(brand, []),
    }),
    [brand, hydrated, lines, setQuantity],
  );
}
