import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Panel } from "@/components/ui/panel";
import { requireAdmin } from "@/lib/auth/session";
import {
  eventLogHref,
  ignoredBreakdown,
  ignoredSummary,
  parseEventLogParams,
  type DetailPart,
} from "@/lib/org/events";
import { formatDateTime } from "@/lib/time";
import { customerOfLog, eventLog, eventLogFilters } from "@/lib/webhooks/event-log";
import { StripeId } from "./stripe-id";

export const metadata: Metadata = { title: "Event log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const OUTCOME_STYLE: Record<string, string> = {
  applied: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  ignored: "bg-slate-100 text-slate-800 ring-slate-300",
  failed: "bg-red-50 text-red-900 ring-red-200",
};

const LINK = "font-medium text-indigo-700 underline";

export default async function EventLogPage({ searchParams }: Props) {
  await requireAdmin("/org/events");
  const filters = await eventLogFilters();
  const { params, problems } = parseEventLogParams(await searchParams, {
    accounts: filters.accounts.map((account) => account.id),
    types: filters.types,
  });
  const [log, owner] = await Promise.all([
    eventLog(params, filters),
    params.customer ? customerOfLog(params.customer) : Promise.resolve(null),
  ]);
  const { before: _page, ...filtered } = params;
  const ignored = ignoredSummary(log.ignored);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/org" className="text-sm font-medium text-indigo-700 underline">
          Organization
        </Link>
        <h1 className="text-3xl font-bold">Event log</h1>
        <p className="text-slate-600">
          Every Stripe event the organization webhook received, with the account it happened in and what we
          did. Events that changed nothing are counted rather than listed, unless you ask for them.
        </p>
      </div>

      {problems.length > 0 && (
        <div role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <ul className="space-y-1">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}

      {params.customer && (
        <p className="text-sm text-slate-700">
          Events about{" "}
          {owner ? (
            <Link href={`/org/customers/${owner.id}`} className={LINK}>
              {owner.name ?? owner.email}
            </Link>
          ) : (
            "customer"
          )}{" "}
          <span className="font-mono">{params.customer}</span>, in every brand account.{" "}
          <Link href={eventLogHref({ ...filtered, customer: undefined })} className={LINK}>
            Show every customer
          </Link>
        </p>
      )}

      {/* Keyed by the filters: a link to other filters is a client navigation, and only a new form
          takes new default values. */}
      <form
        key={eventLogHref(filtered)}
        method="get"
        className="flex flex-wrap items-end gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        {params.customer && <input type="hidden" name="customer" value={params.customer} />}
        <label className="text-sm">
          <span className="block font-medium">Account</span>
          <select
            name="account"
            defaultValue={params.account ?? ""}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">All accounts</option>
            {filters.accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Event type</span>
          <select
            name="type"
            defaultValue={params.type ?? ""}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5"
          >
            <option value="">All types</option>
            {filters.types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 py-2 text-sm">
          <input type="checkbox" name="ignored" value="show" defaultChecked={params.showIgnored} />
          Show ignored events
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white">
          Filter
        </button>
      </form>

      {ignored && !params.showIgnored && (
        <div
          data-testid="ignored-events"
          className="rounded-xl bg-slate-50 p-4 text-sm text-slate-700 ring-1 ring-slate-200"
        >
          <p>
            <span className="font-medium">{ignored}</span> are hidden: stored, with nothing for the app to do.{" "}
            <Link href={eventLogHref({ ...filtered, showIgnored: true })} className={LINK}>
              Show ignored events
            </Link>
          </p>
          <ul aria-label="Ignored events by type" className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
            {ignoredBreakdown(log.ignored).map((row) => (
              <li key={row.type ?? "other"}>
                {row.type ? (
                  <span className="font-mono text-xs break-all">{row.type}</span>
                ) : (
                  <span>types that are not Stripe&apos;s</span>
                )}{" "}
                <span className="text-slate-600">× {row.count}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {params.showIgnored && (
        <p className="text-sm text-slate-700">
          Ignored events are listed too.{" "}
          <Link href={eventLogHref({ ...filtered, showIgnored: false })} className={LINK}>
            Hide ignored events
          </Link>
        </p>
      )}

      {log.events.length === 0 ? (
        <p className="text-slate-600">
          {ignored && !params.showIgnored ? "No events that changed something match." : "No events match."}
        </p>
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
                    <span className="block font-medium">{event.accountName}</span>
                    <StripeId id={event.account} className="text-slate-600" />
                  </td>
                  <td className="px-3 py-2">
                    <span className="block font-mono text-xs break-all">{event.type}</span>
                    <StripeId id={event.eventId} className="text-slate-600" />
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
                  <td className="px-3 py-2 text-slate-700">
                    {event.summary && (
                      <span className="block font-medium text-slate-900">{event.summary}</span>
                    )}
                    <Detail parts={event.detail} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
      {(params.before || log.nextCursor) && (
        <nav aria-label="Pages of the event log" className="flex gap-6">
          {params.before && (
            <Link href={eventLogHref(filtered)} className={LINK}>
              Newest events
            </Link>
          )}
          {log.nextCursor && (
            <Link href={eventLogHref({ ...filtered, before: log.nextCursor })} className={LINK}>
              Older events
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

function Detail({ parts }: { parts: DetailPart[] }) {
  if (parts.length === 0) return null;
  return (
    <span className="block">
      {parts.map((part, index) =>
        part.kind === "id" ? <StripeId key={index} id={part.id} /> : <span key={index}>{part.text}</span>,
      )}
    </span>
  );
}
