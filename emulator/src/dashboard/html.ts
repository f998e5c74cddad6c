/**
 * HTML built from templates where every interpolated value is escaped unless it is markup this
 * module made (`SafeHtml`). Objects in the store hold whatever API clients sent — a customer
 * named `<script>` — so nothing reaches the page unescaped by accident.
 */

export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type Html = SafeHtml | string | number | boolean | null | undefined | readonly Html[];

function render(value: Html): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return (value as readonly Html[]).map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i] as Html) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** A query string from defined values (for links that keep the page's filters). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
}

export function time(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
