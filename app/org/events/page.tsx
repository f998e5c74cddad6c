import type { Metadata } from "next";
import Link from "next/link";
import { Panel } from "@/components/ui/panel";
import { requireAdmin } from "@/lib/auth/session";
import { findBrand } from "@/lib/brands";
import { accountLabel } from "@/lib/stripe/accounts";
import { formatDateTime } from "@/lib/time";
import { eventLog } from "@/lib/webhooks/event-log";

export const metadata: Metadata = { title: "Event log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

const OUTCOME_STYLE: Record<string, string> = {
  applied: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  ignored: "bg-slate-100 text-slate-800 ring-slate-300",
  failed: "bg-red-50 text-red-900 ring-red-200",
};

export default async function EventLogPage({ searchParams }: Props) {
  await requireAdmin("/org/events");
  const params = await searchParams;
  const query = {
    account: one(params.account),
    type: one(params.type),
    customer: one(params.customer),
    before: one(params.before),
  };
  const log = await eventLog(query);
  const nextHref = log.nextCursor
    ? `/org/events?${new URLSearchParams({
        ...(query.account ? { account: query.account } : {}),
        ...(query.type ? { type: query.type } : {}),
        ...(query.customer ? { customer: query.customer } : {}),
        before: log.nextCursor,
      })}`
    : null;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/org" className="text-sm font-medium text-indigo-700 underline">
          Organization
        </Link>
        <h1 className="text-3xl font-bold">Event log</h1>
        <p className="text-slate-600">
          Every Stripe event the organization webhook received, with the account it happened in and what we
          did.
        </p>
      </div>

      {query.customer && (
        <p className="text-sm text-slate-700">
          Events about customer <span className="font-mono">{query.customer}</span>.{" "}
          <Link href="/org/events" className="font-medium text-indigo-700 underline">
            Show every customer
          </Link>
        </p>
      )}

      <form
        method="get"
        className="flex flex-wrap items-end gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        {query.customer && <input type="hidden" name="customer" value={query.customer} />}
        <label className="text-sm">
          <span className="block font-medium">Account</span>
          <select
            name="account"
            defaultValue={query.account ?? ""}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">All accounts</option>
            {log.accounts.map((account) => (
              <option key={account} value={account}>
                {accountLabel(account)} ({account})
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Event type</span>
          <select
            name="type"
            defaultValue={query.type ?? ""}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">All types</option>
            {log.types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white">
          Filter
        </button>
      </form>

      {log.events.length === 0 ? (
        <p className="text-slate-600">No events match.</p>
      ) : (
        <Panel as="div" padding="none" className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Webhook events, newest first</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Received
                </th>
                <th scope="col" className="px-3 py-2">
                  Account
                </th>
                <th scope="col" className="px-3 py-2">
                  Type
                </th>
                <th scope="col" className="px-3 py-2">
                  Outcome
                </th>
                <th scope="col" className="px-3 py-2">
                  Details
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {log.events.map((event) => (
                <tr key={event.id} data-testid="event-row">
                  <td className="px-3 py-2 whitespace-nowrap">
                    {formatDateTime(event.receivedAt, { seconds: true })}
                  </td>
                  <td className="px-3 py-2">
                    <span className="font-medium">
                      {event.brand
                        ? (findBrand(event.brand)?.name ?? event.brand)
                        : accountLabel(event.account)}
                    </span>
                    <span className="block font-mono text-xs text-slate-600">{event.account}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {event.type}
                    <span className="block text-slate-600">{event.eventId}</span>
                  </td>
                  <td className="px-3 py-2">
                    <span
                      className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${OUTCOME_STYLE[event.outcome] ?? ""}`}
                    >
                      {event.outcome}
                    </span>
                    {event.attempts > 1 && (
                      <span className="block text-xs text-slate-600">{event.attempts} attempts</span>
                    )}
                  </td>
                  <td className="px-3 py-2 text-slate-700">{event.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
      {nextHref && (
        <Link href={nextHref} className="inline-block font-medium text-indigo-700 underline">
          Older events
        </Link>
      )}
    </div>
  );
}
