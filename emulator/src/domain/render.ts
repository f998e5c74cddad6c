import type { Obj } from "../store/db.js";

export function str(o: Obj, k: string): string | null {
  const v = o[k];
  return typeof v === "string" ? v : null;
}

export function num(o: Obj, k: string): number {
  const v = o[k];
  return typeof v === "number" ? v : 0;
}

export function objAt(o: Obj, k: string): Obj | null {
  const v = o[k];
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

export function metadataOf(o: Obj): Record<string, string> {
  return (objAt(o, "metadata") ?? {}) as Record<string, string>;
}

export function numOrNull(o: Obj, k: string): number | null {
  const v = o[k];
  return typeof v === "number" ? v : null;
}

/**
 * A part of a stored object, as the type its builder gave it. The store only holds what the typed
 * builders (each `satisfies` the SDK's type) wrote, so reading it back as that type is safe; this
 * is the one place that trusts it.
 */
export function storedPart<T>(o: Obj, k: string): T | null {
  const v = o[k];
  return v === undefined || v === null ? null : (v as T);
}

/** A stored object as the type its builder gave it (see `storedPart`). */
export function storedAs<T>(o: Obj): T {
  return o as T;
}

/**
 * The SDK's type of an object as it travels on the wire: stripe-node parses decimal strings
 * (`unit_amount_decimal`, …) into its `Decimal` class, the API sends them as strings.
 */
export type OnTheWire<T, DecimalKeys extends keyof T> = Omit<T, DecimalKeys> & {
  [K in DecimalKeys]: null extends T[K] ? string | null : string;
};
