import { findBrand } from "@/lib/brands";
import { formatMoney } from "@/lib/money";
import type { SpendSummary } from "@/lib/org/spend";

/**
 * Lifetime spend per brand as horizontal bars (plain SVG). The figure's text
 * alternative states every number; the bars are decoration for sighted users.
 */
export function SpendChart({ spend }: { spend: SpendSummary }) {
  const lines = spend.perBrand;
  const max = Math.max(1, ...lines.map((line) => line.net));
  const rowHeight = 28;
  const labelWidth = 150;
  const width = 480;
  const barSpace = width - labelWidth - 90;
  const height = lines.length * rowHeight + 4;
  const total = spend.totals.map((t) => formatMoney(t.net, t.currency)).join(" + ") || formatMoney(0, "usd");
  const description =
    lines
      .map((line) => `${findBrand(line.brand)?.name ?? line.brand}: ${formatMoney(line.net, line.currency)}`)
      .join("; ") + `; total ${total}.`;
  return (
    <figure className="space-y-2">
      <svg
        role="img"
        aria-labelledby="spend-chart-title spend-chart-desc"
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full max-w-xl"
      >
        <title id="spend-chart-title">Lifetime spend per brand</title>
        <desc id="spend-chart-desc">{description}</desc>
        {lines.map((line, index) => {
          const brand = findBrand(line.brand);
          const y = index * rowHeight + 2;
          const barWidth = Math.max(line.net > 0 ? 2 : 0, (line.net / max) * barSpace);
          return (
            <g key={`${line.brand}-${line.currency}`}>
              <text x={0} y={y + 17} fontSize={13} fill="#334155">
                {brand?.name ?? line.brand}
              </text>
              <rect x={labelWidth} y={y + 4} width={barSpace} height={18} rx={4} fill="#f1f5f9" />
              <rect
                x={labelWidth}
                y={y + 4}
                width={barWidth}
                height={18}
                rx={4}
                fill={brand?.theme.primary ?? "#334155"}
              />
              <text x={labelWidth + barSpace + 8} y={y + 17} fontSize={13} fill="#0f172a" fontWeight={600}>
                {formatMoney(line.net, line.currency)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-600">
        Paid minus refunded, per brand, over the orders placed through Rocket Checkout.
      </figcaption>
    </figure>
  );
}
