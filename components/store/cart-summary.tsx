import { Panel } from "@/components/ui/panel";
import type { PublicBrand } from "@/lib/brands/public";
import { formatMoney } from "@/lib/money";

export interface SummaryLine {
  productId: string;
  name: string;
  quantity: number;
  unitAmount: number;
}

/** A read-only list of what is being bought, with the total. */
export function CartSummary({
  brand,
  lines,
  title = "Order summary",
  className = "",
}: {
  brand: PublicBrand;
  lines: SummaryLine[];
  title?: string;
  /** Layout from the page, e.g. hidden on a phone where Checkout shows its own summary. */
  className?: string;
}) {
  const total = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  return (
    <Panel aria-label={title} padding="compact" className={className}>
      <h2 className="text-lg font-semibold">{title}</h2>
      <ul className="mt-3 divide-y divide-slate-200">
        {lines.map((line) => (
          <li key={line.productId} className="flex justify-between gap-4 py-2">
            <span>
              {line.name} <span className="text-slate-600">× {line.quantity}</span>
            </span>
            <span>{formatMoney(line.unitAmount * line.quantity, brand.currency)}</span>
          </li>
        ))}
      </ul>
      <p className="mt-3 flex justify-between border-t border-slate-200 pt-3 font-semibold">
        <span>Total</span>
        <span>{formatMoney(total, brand.currency)}</span>
      </p>
    </Panel>
  );
}
