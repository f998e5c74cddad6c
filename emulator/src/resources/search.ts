import type Stripe from "stripe";
import type { Ctx } from "../domain/context.js";
import { invalid, missingParam } from "../domain/errors.js";
import type { P } from "../domain/params.js";
import type { Obj } from "../store/db.js";

/**
 * A subset of Stripe's search query language: clauses `field:'v'` (exact), `field~'v'`
 * (substring), `field>n` / `<` / `>=` / `<=`, `metadata['key']:'v'`, `-` negation, joined by a
 * single kind of connective (AND or OR; Stripe forbids mixing them).
 */
interface Clause {
  negate: boolean;
  field: string[];
  op: ":" | "~" | ">" | "<" | ">=" | "<=";
  value: string | number | null;
}

const CLAUSE =
  /^\s*(-?)([a-z_]+(?:\.[a-z_]+)*|metadata\[(?:'[^']*'|"[^"]*")\])\s*(>=|<=|:|~|>|<)\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|null)\s*/i;

function parseQuery(query: string): { clauses: Clause[]; connective: "AND" | "OR" } {
  const clauses: Clause[] = [];
  let rest = query;
  let connective: "AND" | "OR" | null = null;
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m)
      throw invalid(`Invalid search query: ${query}`, { param: "query", code: "parameter_invalid_string" });
    const [whole, neg, rawField, op, rawValue] = m as unknown as [
      string,
      string,
      string,
      Clause["op"],
      string,
    ];
    const meta = /^metadata\[(?:'([^']*)'|"([^"]*)")\]$/.exec(rawField);
    const field = meta ? ["metadata", meta[1] ?? meta[2] ?? ""] : rawField.split(".");
    let value: Clause["value"];
    if (rawValue === "null") value = null;
    else if (/^['"]/.test(rawValue)) value = rawValue.slice(1, -1).replace(/\\(.)/g, "$1");
    else value = Number(rawValue);
    clauses.push({ negate: neg === "-", field, op, value });
    rest = rest.slice(whole.length);
    if (rest.trim() === "") break;
    const conn = /^(AND|OR)\s+/i.exec(rest);
    if (!conn) throw invalid(`Invalid search query: ${query}`, { param: "query" });
    const c = (conn[1] ?? "").toUpperCase() as "AND" | "OR";
    if (connective && connective !== c) {
      throw invalid("Search queries cannot mix AND and OR.", { param: "query" });
    }
    connective = c;
    rest = rest.slice(conn[0].length);
  }
  return { clauses, connective: connective ?? "AND" };
}

function valueAt(o: Obj, path: string[]): unknown {
  let cur: unknown = o;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Obj)[seg];
  }
  return cur;
}

function matches(o: Obj, c: Clause): boolean {
  const v = valueAt(o, c.field);
  let ok: boolean;
  switch (c.op) {
    case ":":
      ok =
        c.value === null
          ? v === null || v === undefined
          : String(v ?? "").toLowerCase() === String(c.value).toLowerCase();
      break;
    case "~":
      ok = typeof v === "string" && v.toLowerCase().includes(String(c.value).toLowerCase());
      break;
    default: {
      const n = typeof v === "number" ? v : Number(v);
      const t = Number(c.value);
      ok = c.op === ">" ? n > t : c.op === "<" ? n < t : c.op === ">=" ? n >= t : n <= t;
    }
  }
  return c.negate ? !ok : ok;
}

/** Runs a search over one object type of the acting account; `page` is an opaque offset cursor. */
export function searchResult(ctx: Ctx, p: P, type: string, url: string, filter?: (o: Obj) => boolean): Obj {
  const query = p.str("query");
  if (!query) throw missingParam("query");
  const limit = p.int("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalid("Limit must be between 1 and 100.", { param: "limit" });
  const { clauses, connective } = parseQuery(query);
  const page = p.str("page");
  const offset = page ? Number(Buffer.from(page, "base64url").toString("utf8")) || 0 : 0;
  const all = ctx.store
    .scan([ctx.account], type)
    .map((r) => r.obj)
    .filter((o) => (filter ? filter(o) : true))
    .filter((o) =>
      connective === "AND" ? clauses.every((c) => matches(o, c)) : clauses.some((c) => matches(o, c)),
    );
  const data = all.slice(offset, offset + limit);
  const hasMore = offset + limit < all.length;
  return {
    object: "search_result",
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(String(offset + limit)).toString("base64url") : null,
    url,
  } satisfies Stripe.ApiSearchResult<Obj>;
}
