import { SpendChart } from "@/components/org/spend-chart";
import { Panel } from "@/components/ui/panel";
import { findBrand } from "@/lib/brands";
import { formatMoney } from "@/lib/money";
import type { SpendSummary } from "@/lib/org/spend";

/** Lifetime spend per brand and in total (the customer list's figure), and what was paid outside the app. */
export function SpendSection({ spend, outside }: { spend: SpendSummary; outside: SpendSummary["totals"] }) {
  return (
    <Panel title="Lifetime spend" titleId="spend-heading" className="space-y-4">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <dl className="grid grid-cols-1 gap-3 min-[22rem]:grid-cols-2" data-testid="spend">
          {spend.perBrand.map((line) => (
            <div
              key={`${line.brand}-${line.currency}`}
              className="rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
            >
              <dt className="text-sm text-slate-600">{findBrand(line.brand)?.name ?? line.brand}</dt>
              <dd className="text-xl font-semibold">{formatMoney(line.net, line.currency)}</dd>
              <dd className="text-xs text-slate-600">
                {line.payments} order{line.payments === 1 ? "" : "s"}
                {line.refunded > 0 && ` · ${formatMoney(line.refunded, line.currency)} refunded`}
              </dd>
            </div>
          ))}
          {spend.totals.map((total) => (
            <div key={total.currency} className="rounded-xl bg-slate-900 p-4 text-white">
              <dt className="text-sm text-slate-300">
                Total{spend.totals.length > 1 ? ` (${total.currency.toUpperCase()})` : ""}
              </dt>
              <dd className="text-xl font-semibold">{formatMoney(total.net, total.currency)}</dd>
              <dd className="text-xs text-slate-300">all brands</dd>
            </div>
          ))}
        </dl>
        <SpendChart spend={spend} />
      </div>
      <p className="text-xs text-slate-600">
        The same figure as the customer list.
        {outside.length > 0 &&
          ` Not included: ${outside.map((total) => formatMoney(total.net, total.currency)).join(" + ")} paid outside the app.`}
      </p>
    </Panel>
  );
}
