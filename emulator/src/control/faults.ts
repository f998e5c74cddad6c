import { z } from "zod";

const ruleSchema = z.object({
  path: z.string().min(1),
  method: z.string().optional(),
  status: z.union([z.literal(500), z.literal(429)]).optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  rate: z.number().min(0).max(1),
  count: z.number().int().positive().optional(),
  /** Only requests acting in this account (`acct_…`), e.g. to fail one brand of several. */
  account: z.string().min(1).max(255).optional(),
});

export const faultsBodySchema = z.object({ rules: z.array(ruleSchema).max(100) });

export type FaultRuleInput = z.infer<typeof ruleSchema>;

interface ActiveRule extends FaultRuleInput {
  matcher: RegExp;
  applied: number;
}

/** `^…` or `/…/flags` is a regular expression; anything else is a glob where `*` matches any run of characters. */
function compile(pattern: string): RegExp {
  const re = /^\/(.+)\/([gimsuy]*)$/.exec(pattern);
  if (re && !pattern.startsWith("/v1") && !pattern.startsWith("/_")) return new RegExp(re[1] ?? "", re[2]);
  if (pattern.startsWith("^")) return new RegExp(pattern);
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*+/g, ".*");
  return new RegExp(`^${escaped}$`);
}

export interface FaultDecision {
  status?: 500 | 429;
  delayMs?: number;
}

/** Fault injection for resilience tests: a share of matching requests fail or slow down. */
export class Faults {
  private rules: ActiveRule[] = [];

  set(rules: FaultRuleInput[]): void {
    this.rules = rules.map((r) => ({ ...r, matcher: compile(r.path), applied: 0 }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Whether any rule is set (requests skip `decide` otherwise). */
  get active(): boolean {
    return this.rules.length > 0;
  }

  list(): unknown[] {
    return this.rules.map(({ matcher: _m, ...r }) => r);
  }

  /** `account`: the account the request acts in, when its headers tell. */
  decide(
    method: string,
    path: string,
    random: () => number = Math.random,
    account: string | null = null,
  ): FaultDecision | undefined {
    for (const r of this.rules) {
      if (r.method && r.method.toUpperCase() !== method.toUpperCase()) continue;
      if (r.account && r.account !== account) continue;
      if (!r.matcher.test(path)) continue;
      if (r.count !== undefined && r.applied >= r.count) continue;
      if (random() >= r.rate) continue;
      r.applied++;
      const d: FaultDecision = {};
      if (r.status !== undefined) d.status = r.status;
      if (r.delayMs !== undefined) d.delayMs = r.delayMs;
      return d;
    }
    return undefined;
  }
}
