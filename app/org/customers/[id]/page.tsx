import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SavedCardList } from "@/components/cards/saved-card-list";
import { AddCardButton } from "@/components/org/add-card-dialog";
import { BrandBadge } from "@/components/org/brand-badge";
import { RefundButton } from "@/components/org/refund-dialog";
import { RemoveCardButton } from "@/components/org/remove-card-button";
import { SpendChart } from "@/components/org/spend-chart";
import { SharedProfileForm } from "@/components/profile/shared-profile-form";
import { requireAdmin } from "@/lib/auth/session";
import { findBrand } from "@/lib/brands";
import { cardLabel } from "@/lib/cards";
import { sharingStrategy } from "@/lib/customers";
import { formatMoney } from "@/lib/money";
import { customerDetail } from "@/lib/org/customer-detail";
import type { TransactionStatus } from "@/lib/org/timeline";
import { stripeBrowserConfig } from "@/lib/stripe/browser-config";

export const metadata: Metadata = { title: "Customer" };

type Props = { params: Promise<{ id: string }> };

const STATUS_LABEL: Record<TransactionStatus, string> = {
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
  failed: "Failed",
  canceled: "Canceled",
  pending: "Pending",
};

const STATUS_STYLE: Record<TransactionStatus, string> = {
  paid: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  partially_refunded: "bg-amber-50 text-amber-900 ring-amber-200",
  refunded: "bg-slate-100 text-slate-800 ring-slate-300",
  failed: "bg-red-50 text-red-900 ring-red-200",
  canceled: "bg-slate-100 text-slate-800 ring-slate-300",
  pending: "bg-sky-50 text-sky-900 ring-sky-200",
};

const dateFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export default async function CustomerPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/org/customers/${id}`);
  const detail = await customerDetail(id);
  if (!detail) notFound();
  const { user, profile, cards, timeline, spend } = detail;
  const title = profile.name ?? user.name ?? user.email;
  // Cards an admin adds are saved in the home account, where every brand finds them.
  const cardSetup = stripeBrowserConfig(sharingStrategy().homeAccount());

  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <Link href="/org" className="text-sm font-medium text-indigo-700 underline">
          Organization
        </Link>
        <h1 className="text-3xl font-bold">{title}</h1>
        <p className="text-slate-600">
          {profile.email ?? user.email}
          {detail.stripeCustomerId && (
            <>
              {" · "}
              <span className="font-mono text-sm">{detail.stripeCustomerId}</span>
            </>
          )}
        </p>
        {detail.stripeCustomerId && (
          <p>
            <Link
              href={`/org/events?customer=${encodeURIComponent(detail.stripeCustomerId)}`}
              className="text-sm font-medium text-indigo-700 underline"
            >
              Events about this customer
            </Link>
          </p>
        )}
      </div>

      {detail.unavailable.length > 0 && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          We couldn&apos;t read{" "}
          {detail.unavailable.map((slug) => findBrand(slug)?.name ?? slug).join(" and ")} from Stripe just
          now: those payments show from our orders only, without refunds. Reload to try again.
        </p>
      )}

      <section
        aria-labelledby="spend-heading"
        className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="spend-heading" className="text-lg font-semibold">
          Lifetime spend
        </h2>
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
          <dl className="grid grid-cols-2 gap-3" data-testid="spend">
            {spend.perBrand.map((line) => (
              <div
                key={`${line.brand}-${line.currency}`}
                className="rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
              >
                <dt className="text-sm text-slate-600">{findBrand(line.brand)?.name ?? line.brand}</dt>
                <dd className="text-xl font-semibold">{formatMoney(line.net, line.currency)}</dd>
                <dd className="text-xs text-slate-600">
                  {line.payments} payment{line.payments === 1 ? "" : "s"}
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
      </section>

      <section
        aria-labelledby="timeline-heading"
        className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Transactions at every brand
        </h2>
        {timeline.length === 0 ? (
          <p className="text-slate-600">No payments yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Payments in every brand account, newest first</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3">
                    Date (UTC)
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Brand
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    What
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Card
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Status
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Amount
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {timeline.map((entry) => {
                  const brand = findBrand(entry.brand);
                  return (
                    <tr key={entry.key} data-testid="timeline-row">
                      <td className="py-2 pr-3 whitespace-nowrap">
                        {dateFormat.format(new Date(entry.created))}
                      </td>
                      <td className="py-2 pr-3">
                        <BrandBadge slug={entry.brand} />
                      </td>
                      <td className="py-2 pr-3">
                        {entry.summary ?? <span className="text-slate-600">Payment outside the app</span>}
                        {entry.paymentIntentId && (
                          <span className="block font-mono text-xs text-slate-600">
                            {entry.paymentIntentId}
                          </span>
                        )}
                      </td>
                      <td className="py-2 pr-3 whitespace-nowrap">
                        {entry.card ? cardLabel(entry.card) : "—"}
                      </td>
                      <td className="py-2 pr-3">
                        <span
                          className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${STATUS_STYLE[entry.status]}`}
                        >
                          {STATUS_LABEL[entry.status]}
                        </span>
                        {entry.amountRefunded > 0 && (
                          <span className="block text-xs text-slate-600">
                            {formatMoney(entry.amountRefunded, entry.currency)} refunded
                          </span>
                        )}
                      </td>
                      <td className="py-2 pr-3 text-right font-medium">
                        {formatMoney(entry.amount, entry.currency)}
                      </td>
                      <td className="py-2 text-right">
                        {entry.refundable > 0 && entry.paymentIntentId && (
                          <RefundButton
                            target={{
                              customerId: user.id,
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
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section
        aria-labelledby="cards-heading"
        className="space-y-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="cards-heading" className="text-lg font-semibold">
          Saved cards, shared across every brand
        </h2>
        <SavedCardList
          cards={cards}
          unavailable="We couldn't load the saved cards from Stripe right now. Reload to try again."
          empty="No saved cards."
          action={(card, label) => <RemoveCardButton customerId={user.id} cardId={card.id} label={label} />}
        />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">
            Shoppers save cards at checkout; with their consent you can add one here.
          </p>
          <AddCardButton customerId={user.id} config={cardSetup} />
        </div>
      </section>

      <section
        aria-labelledby="profile-heading"
        className="space-y-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="profile-heading" className="text-lg font-semibold">
          Shared profile
        </h2>
        <div className="grid gap-3 text-sm sm:grid-cols-2">
          <p className="rounded-md bg-emerald-50 p-3 text-emerald-900 ring-1 ring-emerald-200">
            <strong>Shared with every brand:</strong> name, email, phone and address. One save updates the
            customer in every brand account (Stripe sends <code>customer.updated</code> to each), and the next
            checkout at any brand shows the new details.
          </p>
          <p className="rounded-md bg-slate-50 p-3 text-slate-800 ring-1 ring-slate-200">
            <strong>Kept per brand account:</strong> each brand&apos;s payments and refunds, the default
            payment method, invoice settings and balance. They are not edited here.
          </p>
        </div>
        {!detail.profileFromStripe && detail.stripeCustomerId && (
          <p role="alert" className="text-sm text-amber-900">
            Stripe could not be read just now: the form shows the copy we hold.
          </p>
        )}
        <SharedProfileForm
          profile={profile}
          endpoint={`/api/org/customers/${user.id}/profile`}
          label="Customer profile"
          submitLabel="Save shared profile"
          emailHint="Also the shopper's sign-in email."
          autofill={false}
        />
      </section>
    </div>
  );
}
