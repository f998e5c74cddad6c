import { invalid, unknownParam } from "../domain/errors.js";
import { P, sub } from "../domain/params.js";

/**
 * Declarative parameter specs. Form bodies carry only strings, so every endpoint declares the
 * types it accepts; validation coerces them, rejects unknown names (Stripe's `parameter_unknown`)
 * and turns `''` into `null`, which Stripe reads as "unset this field".
 */
export type Leaf = "string" | "int" | "bool" | "metadata" | "strings" | "any";
export type Spec = Leaf | { readonly [k: string]: Spec } | readonly [Spec];

function asArray(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw as unknown[];
  if (raw !== null && typeof raw === "object") {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.every(([k]) => /^\d+$/.test(k))) {
      return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
    }
  }
  return undefined;
}

/** qs builds null-prototype objects, which String() cannot convert: describe values safely. */
export function show(raw: unknown): string {
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return String(raw);
  if (Array.isArray(raw)) return "an array";
  if (raw === null || raw === undefined) return "null";
  return "a hash";
}

function coerce(raw: unknown, spec: Spec, path: string): unknown {
  if (raw === "" && spec !== "string" && spec !== "any") return null;
  if (typeof spec === "string") {
    switch (spec) {
      case "any":
        return raw;
      case "string":
        if (raw === "") return null;
        if (typeof raw === "string") return raw;
        if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
        throw invalid(`Invalid string: ${path}`, { param: path, code: "parameter_invalid_string" });
      case "int": {
        const s = typeof raw === "number" ? String(raw) : raw;
        if (typeof s === "string" && /^-?\d+$/.test(s)) return Number(s);
        throw invalid(`Invalid integer: ${show(s)}`, { param: path, code: "parameter_invalid_integer" });
      }
      case "bool":
        if (raw === true || raw === "true") return true;
        if (raw === false || raw === "false") return false;
        throw invalid(`Invalid boolean: ${show(raw)}`, { param: path });
      case "strings": {
        const arr = asArray(raw) ?? (typeof raw === "string" ? [raw] : undefined);
        if (!arr) throw invalid(`Invalid array`, { param: path, code: "parameter_invalid_array" });
        return arr.map((v, i) => coerce(v, "string", sub(path, i)));
      }
      case "metadata": {
        if (raw === null || typeof raw !== "object") throw invalid(`Invalid hash`, { param: path });
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
          if (typeof v !== "string")
            throw invalid(`Invalid value for metadata key ${k}`, { param: sub(path, k) });
          if (k.length > 40)
            throw invalid(`Metadata keys can be at most 40 characters.`, { param: sub(path, k) });
          out[k] = v;
        }
        return out;
      }
    }
  }
  if (Array.isArray(spec)) {
    const arr = asArray(raw);
    if (!arr) throw invalid(`Invalid array`, { param: path, code: "parameter_invalid_array" });
    const item = spec[0] as Spec;
    return arr.map((v, i) => coerce(v, item, sub(path, i)));
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw invalid(`Invalid object`, { param: path, code: "parameter_invalid_object" });
  }
  const shape = spec as Readonly<Record<string, Spec>>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const child = shape[k];
    if (child === undefined) throw unknownParam(sub(path, k));
    out[k] = coerce(v, child, sub(path, k));
  }
  return out;
}

export function validate(raw: Record<string, unknown>, spec: Readonly<Record<string, Spec>>): P {
  return new P(coerce(raw, spec, "") as Record<string, unknown>);
}

/** Common pieces of many specs. */
export const S = {
  expand: "strings",
  address: {
    city: "string",
    country: "string",
    line1: "string",
    line2: "string",
    postal_code: "string",
    state: "string",
  },
  list: {
    limit: "int",
    starting_after: "string",
    ending_before: "string",
    expand: "strings",
    created: "any",
  },
} as const satisfies Record<string, Spec>;
