"use client";

import { useCallback, useId, useState, type ReactNode } from "react";
import type { AccountRef, UnderTheHoodReport } from "@/lib/under-the-hood/report";

type Load =
  | { kind: "idle" }
  | { kind: "loading"; report: UnderTheHoodReport | null }
  | { kind: "loaded"; report: UnderTheHoodReport }
  | { kind: "error"; message: string; report: UnderTheHoodReport | null };

const FAILED = "We couldn't load what happened in Stripe. Try again.";

async function fetchReport(sessionId: string): Promise<UnderTheHoodReport> {
  const response = await fetch(`/api/checkout/sessions/${encodeURIComponent(sessionId)}/under-the-hood`, {
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as
    (UnderTheHoodReport & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? FAILED);
  return body;
}

function DashboardLink({ href, children }: { href: string | null; children: ReactNode }) {
  if (!href) return <>{children}</>;
  return (
    <a href={href} target="_blank" rel="noopener" className="font-mono text-indigo-700 underline">
      {children}
      <span className="sr-only"> (opens the emulator dashboard in a new tab)</span>
    </a>
  );
}

function Account({ account }: { account: AccountRef | null }) {
  if (!account) return <>unknown</>;
  return (
    <>
      {account.label} <span className="font-mono text-xs text-slate-600">{account.id}</span>
    </>
  );
}

const time = (iso: string) => new Date(iso).toLocaleTimeString("en-US", { hour12: false });

/**
 * The demo's "Under the hood" panel: what happened in Stripe for this purchase, read by our
 * server (never from the browser) from our database and the local emulator's request log.
 * Closed until asked for; pages render it only when the app talks to a local emulator.
 */
export function UnderTheHood({ sessionId }: { sessionId: string }) {
  const [open, setOpen] = useState(false);
  const [load, setLoad] = useState<Load>({ kind: "idle" });
  const panelId = useId();

  const refresh = useCallback(() => {
    setLoad((current) => ({ kind: "loading", report: "report" in current ? current.report : null }));
    fetchReport(sessionId).then(
      (report) => setLoad({ kind: "loaded", report }),
      (error: unknown) =>
        setLoad((current) => ({
          kind: "error",
          message: error instanceof Error ? error.message : FAILED,
          report: "report" in current ? current.report : null,
        })),
    );
  }, [sessionId]);

  const toggle = () => {
    const opening = !open;
    setOpen(opening);
    if (opening && load.kind === "idle") refresh();
  };

  const report = "report" in load ? load.report : null;
  return (
    <section aria-label="Under the hood" className="rounded-2xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={toggle}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
        >
          Under the hood
        </button>
        {open && (
          <button
            type="button"
            onClick={refresh}
            disabled={load.kind === "loading"}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 underline disabled:text-slate-500"
          >
            Refresh
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" className="mt-2 text-sm text-slate-700 empty:hidden">
        {open && load.kind === "loading" ? "Loading…" : ""}
        {open && load.kind === "error" ? load.message : ""}
      </p>
      <div id={panelId} hidden={!open} className="mt-3 space-y-5 text-sm">
        {report && <Report report={report} />}
      </div>
    </section>
  );
}

function Report({ report }: { report: UnderTheHoodReport }) {
  const { customer, calls, events } = report;
  return (
    <>
      <p>
        Checkout Session <DashboardLink href={report.sessionLink}>{report.sessionId}</DashboardLink> in{" "}
        <Account account={report.account} />, sharing strategy <strong>{report.strategy}</strong>.
      </p>

      <div className="space-y-2">
        <h3 className="font-semibold">The customer across accounts</h3>
        <p>
          Canonical customer{" "}
          {customer.canonicalId ? (
            <DashboardLink href={customer.link}>{customer.canonicalId}</DashboardLink>
          ) : (
            "none yet"
          )}{" "}
          in <Account account={customer.home} />.
        </p>
        <ul className="space-y-1" aria-label="Customer id in each brand's account">
          {customer.accounts.map((entry) => (
            <li key={entry.account.id}>
              {entry.brand} (<span className="font-mono text-xs">{entry.account.id}</span>):{" "}
              {entry.customerId ? (
                <DashboardLink href={entry.link}>{entry.customerId}</DashboardLink>
              ) : (
                "no customer yet"
              )}
            </li>
          ))}
        </ul>
      </div>

      <div className="space-y-2">
        <h3 className="font-semibold">Stripe calls</h3>
        {calls.ok ? (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs">
              <caption className="pb-1 text-left text-slate-600">
                Requests naming this session or the customer, newest first (at most {calls.limit}).
              </caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-1 pr-3">
                    Time
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    From
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Call
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Account
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Idempotency key
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Status
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Duration
                  </th>
                  <th scope="col" className="py-1">
                    Request
                  </th>
                </tr>
              </thead>
              <tbody>
                {calls.items.length === 0 && (
                  <tr>
                    <td colSpan={8} className="py-1">
                      No calls in the emulator&apos;s request log yet.
                    </td>
                  </tr>
                )}
                {calls.items.map((call) => (
                  <tr key={call.n} className="border-b border-slate-200 align-top">
                    <td className="py-1 pr-3 whitespace-nowrap">{time(call.at)}</td>
                    <td className="py-1 pr-3">{call.source}</td>
                    <td className="py-1 pr-3 font-mono break-all">
                      {call.method} {call.path}
                    </td>
                    <td className="py-1 pr-3">
                      <Account account={call.account} />
                    </td>
                    <td className="py-1 pr-3 font-mono break-all">
                      {call.idempotencyKey ?? "none"}
                      {call.replayed && " (replayed)"}
                    </td>
                    <td className="py-1 pr-3">{call.status}</td>
                    <td className="py-1 pr-3 whitespace-nowrap">{call.durationMs} ms</td>
                    <td className="py-1">
                      <DashboardLink href={call.link}>{call.requestId ?? `#${call.n}`}</DashboardLink>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p role="alert">{calls.message}</p>
        )}
      </div>

      <div className="space-y-2">
        <h3 className="font-semibold">Webhook events</h3>
        {events.length === 0 ? (
          <p>No webhook events stored for this purchase yet.</p>
        ) : (
          <ul className="space-y-1" aria-label="Webhook events received">
            {events.map((event) => (
              <li key={`${event.eventId}-${event.account?.id ?? "unknown"}`}>
                <strong>{event.type}</strong> in <Account account={event.account} />: {event.outcome},
                received {time(event.receivedAt)} —{" "}
                <DashboardLink href={event.link}>{event.eventId}</DashboardLink>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
