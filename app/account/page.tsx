import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { PasskeysSection } from "@/components/account/passkeys-section";
import { SavedCardList } from "@/components/cards/saved-card-list";
import { SharedProfileForm } from "@/components/profile/shared-profile-form";
import { ConfirmRemovalButton } from "@/components/ui/confirm-removal-button";
import { Panel } from "@/components/ui/panel";
import { AuditTrail } from "@/components/wallet/audit-trail";
import { BrandChoicesForm } from "@/components/wallet/brand-choices-form";
import { cardOrigins, originOf, trailOf } from "@/lib/audit/trail";
import { requireUser } from "@/lib/auth/session";
import { brands, findBrand } from "@/lib/brands";
import { cardLabel } from "@/lib/cards";
import { parseLineItems } from "@/lib/checkout/line-items";
import { listOrders } from "@/lib/checkout/orders";
import { COUNTRIES } from "@/lib/countries";
import { accountOverview } from "@/lib/customers/account-overview";
import { formatMoney } from "@/lib/money";
import { formatDateTime } from "@/lib/time";
import { originText } from "@/lib/wallet/origin-text";
import { walletChoices } from "@/lib/wallet/wallet";

export const metadata: Metadata = { title: "Your account" };

const STATUS_LABEL: Record<string, string> = {
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
};

type Props = { searchParams: Promise<{ brand?: string | string[] }> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await requireUser("/account");
  const raw = (await searchParams).brand;
  const filter = findBrand(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""));
  const [orders, overview, choices, origins, trail] = await Promise.all([
    listOrders(user.id, filter?.slug),
    accountOverview(user),
    walletChoices(user.id),
    cardOrigins(user.id),
    trailOf(user.id),
  ]);
  const brandName = (slug: string) => findBrand(slug)?.name ?? slug;

  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-bold">Your account</h1>
      <Link href="/account/brands" className="block text-indigo-700 underline">
        What each brand sees
      </Link>

      <Panel
        title="Orders at every Rocket brand"
        titleId="orders-heading"
        className="space-y-4"
        titleAside={
          <nav aria-label="Filter orders by brand" className="flex flex-wrap gap-2 text-sm">
            <Link
              href="/account"
              aria-current={!filter ? "page" : undefined}
              className="rounded-full px-3 py-1 ring-1 ring-slate-300 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white"
            >
              All brands
            </Link>
            {brands.map((brand) => (
              <Link
                key={brand.slug}
                href={`/account?brand=${brand.slug}`}
                aria-current={filter?.slug === brand.slug ? "page" : undefined}
                className="rounded-full px-3 py-1 ring-1 ring-slate-300 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white"
              >
                {brand.name}
              </Link>
            ))}
          </nav>
        }
      >
        {orders.length === 0 ? (
          <p className="text-slate-600">No orders yet{filter ? ` at ${filter.name}` : ""}.</p>
        ) : (
          // On a phone each order is a small card (the table's roles are spelled out because
          // a table laid out as a grid loses them in some browsers).
          <table role="table" className="w-full text-left text-sm max-sm:block">
            <caption className="sr-only">Your orders, newest first</caption>
            <thead role="rowgroup" className="text-slate-600 max-sm:sr-only">
              <tr role="row">
                <th role="columnheader" scope="col" className="py-2">
                  Date
                </th>
                <th role="columnheader" scope="col" className="py-2">
                  Brand
                </th>
                <th role="columnheader" scope="col" className="py-2">
                  Items
                </th>
                <th role="columnheader" scope="col" className="py-2">
                  Card
                </th>
                <th role="columnheader" scope="col" className="py-2">
                  Status
                </th>
                <th role="columnheader" scope="col" className="py-2 text-right">
                  Total
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup" className="divide-y divide-slate-200 max-sm:block">
              {orders.map((order) => {
                const brand = findBrand(order.brand);
                return (
                  <tr
                    role="row"
                    key={order.id}
                    data-testid="order-row"
                    className="max-sm:grid max-sm:grid-cols-[1fr_auto] max-sm:gap-x-3 max-sm:gap-y-1 max-sm:py-3"
                  >
                    <td role="cell" className="py-2 text-slate-600 max-sm:py-0 sm:text-slate-900">
                      <Link
                        href={`/orders/${order.id}`}
                        className="text-indigo-700 underline"
                        aria-label={`Receipt of ${formatDateTime(order.createdAt)}`}
                      >
                        {formatDateTime(order.createdAt)}
                      </Link>
                    </td>
                    <td role="cell" className="py-2 max-sm:py-0 max-sm:text-right">
                      <span
                        className="rounded-full px-2 py-0.5 text-xs font-medium text-white"
                        style={{ backgroundColor: brand?.theme.primary ?? "#334155" }}
                      >
                        {brand?.name ?? order.brand}
                      </span>
                    </td>
                    <td role="cell" className="py-2 font-medium max-sm:col-span-2 max-sm:py-0">
                      {parseLineItems(order.lineItems)
                        .map((line) => `${line.name} × ${line.quantity}`)
                        .join(", ")}
                    </td>
                    <td role="cell" className="py-2 max-sm:py-0">
                      {order.cardLast4 ? cardLabel({ brand: order.cardBrand, last4: order.cardLast4 }) : "—"}
                    </td>
                    <td role="cell" className="py-2 max-sm:py-0 max-sm:text-right">
                      {STATUS_LABEL[order.status] ?? order.status}
                      {order.amountRefunded > 0 &&
                        ` (${formatMoney(order.amountRefunded, order.currency)} back)`}
                    </td>
                    <td role="cell" className="py-2 text-right font-medium max-sm:col-span-2 max-sm:py-0">
                      {formatMoney(order.amountTotal, order.currency)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel
        title="Saved cards, shared across every Rocket brand"
        titleId="cards-heading"
        className="space-y-3"
      >
        <SavedCardList
          cards={overview.cards}
          unavailable="We couldn't load your saved cards right now. Please try again shortly."
          empty="No saved cards yet. Tick “save my card” at checkout to pay in one click next time."
          detail={(card) => {
            const origin = originOf(origins, card);
            return origin ? originText(origin, brandName) : null;
          }}
          action={(card, label) => (
            <ConfirmRemovalButton
              url={`/api/account/cards/${card.id}`}
              buttonLabel={`Remove ${label}`}
              title={`Remove ${label}?`}
              confirmLabel="Remove card"
              failureMessage="We couldn't remove the card. Try again."
              missingIsRemoved
            >
              No Rocket brand will offer it any more; to use it again, type it in at a checkout. Your orders
              and receipts are kept.
            </ConfirmRemovalButton>
          )}
        />
      </Panel>

      <Panel title="Where your saved cards are offered" titleId="wallet-brands-heading" className="space-y-3">
        <p className="text-sm text-slate-600">
          When you saved a card you agreed to use it at every Rocket brand. Switch off a brand and its
          checkout no longer offers your saved cards (you can still pay there with a new card); switch it on
          again whenever you like. Each change applies from your next checkout at that brand.
        </p>
        <BrandChoicesForm choices={choices} />
      </Panel>

      <Panel title="Shared profile" titleId="profile-heading" className="space-y-3">
        <p className="text-sm text-slate-600">
          Name, email, phone and address are shared with every Rocket brand, so you never type them twice.
        </p>
        <SharedProfileForm
          profile={overview.profile}
          countries={COUNTRIES}
          endpoint="/api/account/profile"
          label="Shared profile"
          submitLabel="Save profile"
          emailHint="Also your sign-in email."
          autofill
        />
      </Panel>

      <PasskeysSection userId={user.id} />

      <Panel title="History of your wallet and profile" titleId="trail-heading" className="space-y-3">
        <p className="text-sm text-slate-600">
          Every change to your saved cards, where they are offered, your profile and your passkeys, by you or
          by Rocket support, newest first.
        </p>
        <AuditTrail entries={trail} reader="shopper" />
      </Panel>
    </div>
  );
}
