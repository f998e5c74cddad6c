/**
 * A small in-process cache with a time to live, for Stripe reads the dashboard
 * repeats (saved-card counts on the list, a customer's timeline). Concurrent
 * misses for one key share one load; a failed load is not kept.
 */
export class TtlCache<Value> {
  private readonly entries = new Map<string, { expires: number; value: Promise<Value> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<Value>): Promise<Value> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    if (this.entries.size >= this.maxEntries) this.prune();
    const value = load();
    this.entries.set(key, { expires: this.now() + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
    // Still full: drop the oldest insertions.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

const registry = globalThis as typeof globalThis & { rocketOrgCaches?: Map<string, TtlCache<unknown>> };

/**
 * One cache per name for the whole process. Next.js bundles route handlers and
 * pages separately, each with its own copy of this module: a module-level cache
 * would let a refund (route handler) forget an entry the page never sees.
 */
export function sharedCache<Value>(name: string, ttlMs: number, maxEntries?: number): TtlCache<Value> {
  registry.rocketOrgCaches ??= new Map();
  let cache = registry.rocketOrgCaches.get(name);
  if (!cache) {
    cache = new TtlCache<unknown>(ttlMs, maxEntries);
    registry.rocketOrgCaches.set(name, cache);
  }
  return cache as TtlCache<Value>;
}
