import { missingParam } from "./errors.js";

/** `a[b][c]`: the name Stripe gives a nested parameter in its errors. */
export function sub(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}[${key}]`;
}

/** Typed read access to validated parameters. */
export class P {
  constructor(
    readonly values: Readonly<Record<string, unknown>>,
    readonly path = "",
  ) {}

  has(k: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.values, k);
  }
  str(k: string): string | null | undefined {
    const v = this.values[k];
    return typeof v === "string" || v === null ? v : undefined;
  }
  reqStr(k: string): string {
    const v = this.str(k);
    if (v === undefined || v === null) throw missingParam(sub(this.path, k));
    return v;
  }
  int(k: string): number | null | undefined {
    const v = this.values[k];
    return typeof v === "number" || v === null ? v : undefined;
  }
  reqInt(k: string): number {
    const v = this.int(k);
    if (v === undefined || v === null) throw missingParam(sub(this.path, k));
    return v;
  }
  bool(k: string): boolean | undefined {
    const v = this.values[k];
    return typeof v === "boolean" ? v : undefined;
  }
  obj(k: string): P | null | undefined {
    const v = this.values[k];
    if (v === null) return null;
    if (v !== null && typeof v === "object" && !Array.isArray(v))
      return new P(v as Record<string, unknown>, sub(this.path, k));
    return undefined;
  }
  objs(k: string): P[] | undefined {
    const v = this.values[k];
    if (!Array.isArray(v)) return undefined;
    return (v as unknown[]).map(
      (x, i) => new P((x ?? {}) as Record<string, unknown>, sub(sub(this.path, k), i)),
    );
  }
  strs(k: string): string[] | undefined {
    const v = this.values[k];
    if (!Array.isArray(v)) return undefined;
    return (v as unknown[]).filter((x): x is string => typeof x === "string");
  }
  meta(k: string): Record<string, string> | null | undefined {
    const v = this.values[k];
    if (v === null) return null;
    if (v !== null && typeof v === "object") return v as Record<string, string>;
    return undefined;
  }
  param(k: string): string {
    return sub(this.path, k);
  }
}

/** Applies Stripe's metadata update rules: '' deletes a key, a null hash clears everything. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string> | null | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const out = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete out[k];
    else out[k] = v;
  }
  return out;
}
