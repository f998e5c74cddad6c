import { BrandBadge } from "@/components/org/brand-badge";
import { RefundButton } from "@/components/org/refund-dialog";
import { Panel } from "@/components/ui/panel";
import { findBrand } from "@/lib/brands";
import { cardLabel } from "@/lib/cards";
import { formatMoney } from "@/lib/money";
import {
  paymentDescription,
  STATUS_LABELS,
  type TimelineEntry,
  type TransactionStatus,
} from "@/lib/org/timeline";
import { formatDateTime } from "@/lib/time";

const STATUS_STYLE: Record<TransactionStatus, string> = {
  paid: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  partially_refunded: "bg-amber-50 text-amber-900 ring-amber-200",
  refunded: "bg-slate-100 text-slate-800 ring-slate-300",
  failed: "bg-red-50 text-red-900 ring-red-200",
  canceled: "bg-slate-100 text-slate-800 ring-slate-300",
  awaiting_shopper: "bg-sky-50 text-sky-900 ring-sky-200",
  pending: "bg-sky-50 text-sky-900 ring-sky-200",
};

// On a phone each payment is a small card: the table's roles are spelled out because a table
// laid out as a grid loses them in some browsers.
const CELL = "py-2 pr-3 max-sm:p-0";

/** Every payment at every brand, newest first, each labelled by where it came from, with its refund action. */
export function TimelineSection({ customerId, timeline }: { customerId: string; timeline: TimelineEntry[] }) {
  return (
    <Panel title="Transactions at every brand" titleId="timeline-heading" className="space-y-4">
      {timeline.length === 0 ? (
        <p className="text-slate-600">No payments yet.</p>
      ) : (
        <div className="sm:overflow-x-auto">
          <table role="table" className="w-full text-left text-sm max-sm:block">
            <caption className="sr-only">Payments in every brand account, newest first</caption>
            <thead role="rowgroup" className="text-slate-600 max-sm:sr-only">
              <tr role="row">
                <th role="columnheader" scope="col" className="py-2 pr-3">
                  Date
                </th>
                <th role="columnheader" scope="col" className="py-2 pr-3">
                  Brand
                </th>
                <th role="columnheader" scope="col" className="py-2 pr-3">
                  What
                </th>
                <th role="columnheader" scope="col" className="py-2 pr-3">
                  Card
                </th>
                <th role="columnheader" scope="col" className="py-2 pr-3">
                  Status
                </th>
                <th role="columnheader" scope="col" className="py-2 pr-3 text-right">
                  Amount
                </th>
                <th role="columnheader" scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup" className="divide-y divide-slate-200 max-sm:block">
              {timeline.map((entry) => (
                <TimelineRow key={entry.key} customerId={customerId} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function TimelineRow({ customerId, entry }: { customerId: string; entry: TimelineEntry }) {
  const brand = findBrand(entry.brand);
  const description = paymentDescription(entry);
  return (
    <tr
      role="row"
      data-testid="timeline-row"
      className="max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-1 max-sm:py-3"
    >
      <td role="cell" className={`${CELL} whitespace-nowrap text-slate-600 sm:text-slate-900`}>
        {formatDateTime(entry.created)}
      </td>
      <td role="cell" className={`${CELL} max-sm:text-right`}>
        <BrandBadge slug={entry.brand} />
      </td>
      <td role="cell" className={`${CELL} max-sm:col-span-2`}>
        <span className={entry.summary ? "font-medium" : "text-slate-600"}>{description}</span>
        {entry.paymentIntentId && (
          <span className="block font-mono text-xs break-all text-slate-600">{entry.paymentIntentId}</span>
        )}
      </td>
      <td role="cell" className={`${CELL} whitespace-nowrap`}>
        {entry.card ? cardLabel(entry.card) : "—"}
      </td>
      <td role="cell" className={`${CELL} max-sm:text-right`}>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${STATUS_STYLE[entry.status]}`}
        >
          {STATUS_LABELS[entry.status]}
        </span>
        {entry.amountRefunded > 0 && (
          <span className="block text-xs text-slate-600">
            {formatMoney(entry.amountRefunded, entry.currency)} refunded
          </span>
        )}
      </td>
      <td role="cell" className={`${CELL} text-right font-medium max-sm:order-last max-sm:self-center`}>
        {formatMoney(entry.amount, entry.currency)}
      </td>
      <td role="cell" className="py-2 text-right max-sm:p-0 max-sm:text-left">
        {entry.refundable > 0 && entry.paymentIntentId && (
          <RefundButton
            target={{
              customerId,
              brand: entry.brand,
              brandName: brand?.name ?? entry.brand,
              account: entry.account,
              paymentIntentId: entry.paymentIntentId,
              refundable: entry.refundable,
              amount: entry.amount,
              currency: entry.currency,
            }}
          />
        )}
      </td>
    </tr>
  );
}
