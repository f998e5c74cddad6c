import type { Metadata } from "next";
import Link from "next/link";
import { SavedCardList } from "@/components/cards/saved-card-list";
import { SharedProfileForm } from "@/components/profile/shared-profile-form";
import { requireUser } from "@/lib/auth/session";
import { brands, findBrand } from "@/lib/brands";
import { parseLineItems } from "@/lib/checkout/line-items";
import { listOrders } from "@/lib/checkout/orders";
import { accountOverview } from "@/lib/customers/account-overview";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Your account" };

const STATUS_LABEL: Record<string, string> = {
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
};

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

type Props = { searchParams: Promise<{ brand?: string | string[] }> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await requireUser("/account");
  const raw = (await searchParams).brand;
  const filter = findBrand(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""));
  const [orders, overview] = await Promise.all([listOrders(user.id, filter?.slug), accountOverview(user)]);

  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-bold">Your account</h1>

      <section
        aria-labelledby="orders-heading"
        className="space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="orders-heading" className="text-lg font-semibold">
            Orders at every Rocket brand
          </h2>
          <nav aria-label="Filter orders by brand" className="flex gap-2 text-sm">
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
        </div>
        {orders.length === 0 ? (
          <p className="text-slate-600">No orders yet{filter ? ` at ${filter.name}` : ""}.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your orders, newest first</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2">
                  Date
                </th>
                <th scope="col" className="py-2">
                  Brand
                </th>
                <th scope="col" className="py-2">
                  Items
                </th>
                <th scope="col" className="py-2">
                  Card
                </th>
                <th scope="col" className="py-2">
                  Status
                </th>
                <th scope="col" className="py-2 text-right">
                  Total
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {orders.map((order) => {
                const brand = findBrand(order.brand);
                return (
                  <tr key={order.id} data-testid="order-row">
                    <td className="py-2">
                      <Link
                        href={`/orders/${order.id}`}
                        className="text-indigo-700 underline"
                        aria-label={`Receipt of ${dateFormat.format(order.createdAt)}`}
                      >
                        {dateFormat.format(order.createdAt)}
                      </Link>
                    </td>
                    <td className="py-2">
                      <span
                        className="rounded-full px-2 py-0.5 text-xs font-medium text-white"
                        style={{ backgroundColor: brand?.theme.primary ?? "#334155" }}
                      >
                        {brand?.name ?? order.brand}
                      </span>
                    </td>
                    <td className="py-2">
                      {parseLineItems(order.lineItems)
                        .map((line) => `${line.name} × ${line.quantity}`)
                        .join(", ")}
                    </td>
                    <td className="py-2">
                      {order.cardLast4 ? `${order.cardBrand ?? "Card"} •••• ${order.cardLast4}` : "—"}
                    </td>
                    <td className="py-2">
                      {STATUS_LABEL[order.status] ?? order.status}
                      {order.amountRefunded > 0 &&
                        ` (${formatMoney(order.amountRefunded, order.currency)} back)`}
                    </td>
                    <td className="py-2 text-right font-medium">
                      {formatMoney(order.amountTotal, order.currency)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section
        aria-labelledby="cards-heading"
        className="space-y-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="cards-heading" className="text-lg font-semibold">
          Saved cards, shared across every Rocket brand
        </h2>
        <SavedCardList
          cards={overview.cards}
          unavailable="We couldn't load your saved cards right now. Please try again shortly."
          empty="No saved cards yet. Tick “save my card” at checkout to pay in one click next time."
        />
      </section>

      <section
        aria-labelledby="profile-heading"
        className="space-y-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="profile-heading" className="text-lg font-semibold">
          Shared profile
        </h2>
        <p className="text-sm text-slate-600">
          Name, email, phone and address are shared with every Rocket brand, so you never type them twice.
        </p>
        <SharedProfileForm
          profile={overview.profile}
          endpoint="/api/account/profile"
          label="Shared profile"
          submitLabel="Save profile"
          emailHint="Also your sign-in email."
          autofill
        />
      </section>
    </div>
  );
}
