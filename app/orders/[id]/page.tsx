import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { ownReceipt } from "@/lib/checkout/receipt";

export const metadata: Metadata = { title: "Your receipt" };

type Props = { params: Promise<{ id: string }> };

/** A receipt: the signed-in owner's order only; anyone else's reads as no order at all. */
export default async function OrderReceiptPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/orders/${encodeURIComponent(id)}`);
  const receipt = await ownReceipt(user.id, id);
  if (!receipt) notFound();

  return (
    <article aria-labelledby="receipt-heading" className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <span
          className="inline-block rounded-full px-3 py-0.5 text-sm font-medium text-white"
          style={{ backgroundColor: receipt.brand.color }}
          data-testid="receipt-brand"
        >
          {receipt.brand.name}
        </span>
        <h1 id="receipt-heading" className="text-3xl font-bold">
          Receipt
        </h1>
      </div>
      <section className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-600">Order number</dt>
          <dd className="font-mono font-medium" data-testid="order-number">
            {receipt.number}
          </dd>
          <dt className="text-slate-600">Paid</dt>
          <dd>
            <time dateTime={receipt.paidAtIso}>{receipt.paidAt}</time>
          </dd>
          {receipt.card && (
            <>
              <dt className="text-slate-600">Card</dt>
              <dd>{receipt.card}</dd>
            </>
          )}
          <dt className="text-slate-600">Status</dt>
          <dd>
            {receipt.status}
            {receipt.refunded && ` (${receipt.refunded} back)`}
          </dd>
        </dl>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">What you bought</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">
                Item
              </th>
              <th scope="col" className="py-2 text-right">
                Quantity
              </th>
              <th scope="col" className="py-2 text-right">
                Price
              </th>
              <th scope="col" className="py-2 text-right">
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {receipt.lines.map((line, index) => (
              <tr key={`${index}-${line.name}`} data-testid="receipt-line">
                <td className="py-2">{line.name}</td>
                <td className="py-2 text-right">{line.quantity}</td>
                <td className="py-2 text-right">{line.unitPrice}</td>
                <td className="py-2 text-right">{line.amount}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-300 font-semibold">
              <th scope="row" colSpan={3} className="py-2">
                Total
              </th>
              <td className="py-2 text-right" data-testid="receipt-total">
                {receipt.total}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
      <p className="flex gap-4">
        <Link href="/account" className="font-medium text-indigo-700 underline">
          All your orders
        </Link>
        <Link href={`/${receipt.brand.slug}`} className="font-medium text-indigo-700 underline">
          Back to {receipt.brand.name}
        </Link>
      </p>
    </article>
  );
}
