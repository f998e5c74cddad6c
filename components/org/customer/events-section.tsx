import { Link } from "@/components/ui/link";
import { Panel } from "@/components/ui/panel";
import { ignoredSummary, type IgnoredCount } from "@/lib/org/events";
import { formatDateTime } from "@/lib/time";
import type { EventLogRow } from "@/lib/webhooks/event-log";

/**
 * The newest Stripe events about the customer, from every account (a removed card's included),
 * with a link to their full event log.
 */
export function EventsSection({
  stripeCustomerId,
  events,
  ignored,
}: {
  stripeCustomerId: string;
  events: EventLogRow[];
  ignored: IgnoredCount[];
}) {
  const ignoredNote = ignoredSummary(ignored);
  return (
    <Panel
      title="Recent events"
      titleId="events-heading"
      className="space-y-3"
      titleAside={
        <Link
          href={`/org/events?customer=${encodeURIComponent(stripeCustomerId)}`}
          className="text-sm font-medium text-indigo-700 underline"
        >
          Full event log
        </Link>
      }
    >
      {events.length === 0 ? (
        <p className="text-slate-600">No events about this customer have changed anything yet.</p>
      ) : (
        <ul aria-labelledby="events-heading" className="divide-y divide-slate-200 text-sm">
          {events.map((event) => (
            <li
              key={event.id}
              data-testid="customer-event"
              className="flex flex-wrap items-baseline gap-x-4 gap-y-1 py-2"
            >
              <span className="whitespace-nowrap text-slate-600">{formatDateTime(event.receivedAt)}</span>
              <span className="font-mono text-xs break-all">{event.type}</span>
              <span className="font-medium">{event.accountName}</span>
              {event.summary && <span>{event.summary}</span>}
              {event.outcome === "failed" && <span className="font-medium text-red-800">failed</span>}
            </li>
          ))}
        </ul>
      )}
      {ignoredNote && (
        <p className="text-sm text-slate-600">
          Besides these, {ignoredNote} (nothing for the app to do) are in the full log.
        </p>
      )}
    </Panel>
  );
}
