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
