import type { ReactNode } from "react";
import { Panel } from "@/components/ui/panel";
import type { AccountView, CardRecord, CustomerRecord, Listed, PaymentRecord } from "@/lib/brand-view/view";
import type { SharedProfile } from "@/lib/customers/strategy";

function addressText(address: SharedProfile["address"]): string | null {
  if (!address) return null;
  const place = [address.postal_code, address.city].filter(Boolean).join(" ");
  const text = [address.line1, address.line2, place, address.state, address.country]
    .filter(Boolean)
    .join(", ");
  return text || null;
}

function Fields({ label, rows }: { label: string; rows: [string, ReactNode][] }) {
  return (
    <dl aria-label={label} className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-600">{term}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const none = <span className="text-slate-500">not set</span>;

function CustomerFields({ name, customer }: { name: string; customer: CustomerRecord }) {
  const { profile } = customer;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="space-y-2">
        <h3 className="font-medium">Profile</h3>
        <Fields
          label={`Profile at ${name}`}
          rows={[
            ["Name", profile.name ?? none],
            ["Email", profile.email ?? none],
            ["Phone", profile.phone ?? none],
            ["Address", addressText(profile.address) ?? none],
          ]}
        />
      </div>
      <div className="space-y-2">
        <h3 className="font-medium">This account&apos;s record</h3>
        <Fields
          label={`Record at ${name}`}
          rows={[
            [
              "Customer id",
              <code key="id" className="break-all">
                {customer.id}
              </code>,
            ],
            ["Created", customer.created],
            [
              "Default card",
              customer.defaultCard ? <code className="break-all">{customer.defaultCard}</code> : none,
            ],
            ...(customer.description ? [["Description", customer.description] as [string, ReactNode]] : []),
            [
              "Metadata",
              customer.metadata.length === 0 ? (
                none
              ) : (
                <ul aria-label={`Metadata at ${name}`} className="space-y-0.5">
                  {customer.metadata.map(([key, value]) => (
                    <li key={key} className="break-all">
                      <code>{key}</code>: <code>{value}</code>
                    </li>
                  ))}
                </ul>
              ),
            ],
          ]}
        />
      </div>
    </div>
  );
}

function Truncated({ listed, what }: { listed: Listed<unknown>; what: string }) {
  if (!listed.truncated) return null;
  return (
    <p className="text-sm text-slate-600">
      The newest {listed.items.length} {what} are shown; this account holds more.
    </p>
  );
}

function cardNote(card: CardRecord): string | null {
  const notes: string[] = [];
  if (card.copyOf) {
    const { label, id, heldBy } = card.copyOf;
    notes.push(`A copy of ${label ? `${label} ` : ""}${id} at ${heldBy}`);
  } else if (card.sameCardAt.length > 0) {
    notes.push(`The same card, with the same id, at ${card.sameCardAt.join(" and ")}`);
  }
  if (card.copiedTo.length > 0) notes.push(`Copied to ${card.copiedTo.join(" and ")}`);
  return notes.length ? `${notes.join(". ")}.` : null;
}

function Cards({ name, cards }: { name: string; cards: Listed<CardRecord> }) {
  return (
    <div className="space-y-2">
      <h3 className="font-medium">Cards {name} can charge</h3>
      {cards.items.length === 0 ? (
        <p className="text-sm text-slate-600">No saved cards here.</p>
      ) : (
        <ul aria-label={`Cards at ${name}`} className="space-y-2">
          {cards.items.map((card) => {
            const note = cardNote(card);
            return (
              <li key={card.id} className="rounded-md bg-slate-50 px-4 py-3 text-sm ring-1 ring-slate-200">
                <span className="font-medium">{card.label}</span>{" "}
                <span className="text-slate-600">expires {card.expiry}</span>
                <code className="block break-all text-slate-600">{card.id}</code>
                {note && <span className="block text-slate-700">{note}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <Truncated listed={cards} what="cards" />
    </div>
  );
}

function Payments({
  name,
  payments,
  sharedByBrands,
}: {
  name: string;
  payments: Listed<PaymentRecord>;
  sharedByBrands: boolean;
}) {
  return (
    <div className="space-y-2">
      <h3 className="font-medium">Payments made here</h3>
      {payments.items.length === 0 ? (
        <p className="text-sm text-slate-600">No payments at {name} yet.</p>
      ) : (
        // On a phone each payment is a small card; the roles are spelled out for that layout.
        <table role="table" className="w-full text-left text-sm max-sm:block">
          <caption className="sr-only">Payments at {name}, newest first</caption>
          <thead role="rowgroup" className="text-slate-600 max-sm:sr-only">
            <tr role="row">
              <th role="columnheader" scope="col" className="py-2">
                Date
              </th>
              {sharedByBrands && (
                <th role="columnheader" scope="col" className="py-2">
                  For
                </th>
              )}
              <th role="columnheader" scope="col" className="py-2">
                Card
              </th>
              <th role="columnheader" scope="col" className="py-2">
                Status
              </th>
              <th role="columnheader" scope="col" className="py-2 text-right">
                Amount
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup" className="divide-y divide-slate-200 max-sm:block">
            {payments.items.map((payment) => (
              <tr
                role="row"
                key={payment.id}
                className="max-sm:grid max-sm:grid-cols-[1fr_auto] max-sm:gap-x-3 max-sm:gap-y-1 max-sm:py-3"
              >
                <td role="cell" className="py-2 max-sm:py-0">
                  {payment.created}
                </td>
                {sharedByBrands && (
                  <td role="cell" className="py-2 max-sm:py-0">
                    {payment.forBrand ?? "—"}
                  </td>
                )}
                <td role="cell" className="py-2 max-sm:py-0">
                  {payment.card ?? "—"}
                </td>
                <td role="cell" className="py-2 max-sm:py-0">
                  {payment.status}
                </td>
                <td role="cell" className="py-2 text-right font-medium max-sm:py-0">
                  {payment.amount}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Truncated listed={payments} what="payments" />
    </div>
  );
}

/** One Stripe account's answer about the shopper: its customer, its cards, its payments. */
export function AccountPanel({ view }: { view: AccountView }) {
  const { name, holding } = view;
  const titleId = `account-${view.key}-heading`;
  return (
    <Panel
      title={view.sharedByBrands ? `${name} (shared by every brand)` : name}
      titleId={titleId}
      className="space-y-4"
      titleAside={
        <span className="text-sm text-slate-600">
          Stripe account <code className="break-all">{view.account}</code>
        </span>
      }
    >
      {holding.state === "unavailable" && (
        <p role="alert" className="text-amber-900">
          We couldn&apos;t reach {name}&apos;s Stripe account just now. The other accounts on this page are
          shown as they are; reload to try this one again.
        </p>
      )}
      {holding.state === "empty" && (
        <p className="text-slate-600">
          {name} holds nothing about you yet: no customer, no cards, no payments.
        </p>
      )}
      {holding.state === "held" && (
        <>
          <CustomerFields name={name} customer={holding.customer} />
          <Cards name={name} cards={holding.cards} />
          <Payments name={name} payments={holding.payments} sharedByBrands={view.sharedByBrands} />
        </>
      )}
    </Panel>
  );
}
