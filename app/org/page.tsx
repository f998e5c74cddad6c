import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { BrandBadge } from "@/components/org/brand-badge";
import { Panel } from "@/components/ui/panel";
import { requireAdmin } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { listCustomers } from "@/lib/org/customer-list";

export const metadata: Metadata = { title: "Organization" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

function pageHref(search: string, page: number): string {
  const params = new URLSearchParams();
  if (search) params.set("q", search);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/org?${query}` : "/org";
}

export default async function OrganizationPage({ searchParams }: Props) {
  await requireAdmin("/org");
  const params = await searchParams;
  const list = await listCustomers({ search: one(params.q), page: Number(one(params.page) ?? "1") });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">Organization</h1>
          <p className="text-slate-600">
            Every shared customer of the Rocket brands: where they buy, their saved cards and lifetime spend.
          </p>
        </div>
        <Link href="/org/events" className="font-medium text-indigo-700 underline">
          Event log
        </Link>
      </div>

      <section aria-labelledby="customers-heading" className="space-y-4">
        <h2 id="customers-heading" className="text-lg font-semibold">
          Customers
        </h2>
        <form
          method="get"
          role="search"
          aria-label="Customers"
          className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
        >
          <label className="min-w-0 flex-1 basis-56 text-sm">
            <span className="block font-medium">Search by name or email</span>
            <input
              type="search"
              name="q"
              defaultValue={list.search}
              maxLength={100}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5"
            />
          </label>
          <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white">
            Search
          </button>
          {list.search && (
            <Link href="/org" className="py-2 text-sm font-medium text-indigo-700 underline">
              Clear
            </Link>
          )}
        </form>

        <p className="text-sm text-slate-600" role="status">
          {list.total === 0
            ? list.search
              ? `No customer matches “${list.search}”.`
              : "No customers yet."
            : `${list.total} customer${list.total === 1 ? "" : "s"}${list.search ? ` matching “${list.search}”` : ""} · page ${list.page} of ${list.pages}`}
        </p>

        {list.customers.length > 0 && (
          <Panel as="div" padding="none" className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Shared customers, newest first</caption>
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Customer
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Bought from
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Saved cards
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Lifetime spend
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {list.customers.map((customer) => (
                  <tr key={customer.id} data-testid="customer-row">
                    <td className="px-3 py-2">
                      <Link
                        href={`/org/customers/${customer.id}`}
                        className="font-medium text-indigo-700 underline"
                      >
                        {customer.name ?? customer.email}
                      </Link>
                      <span className="block text-slate-600">{customer.email}</span>
                    </td>
                    <td className="px-3 py-2">
                      {customer.brands.length === 0 ? (
                        <span className="text-slate-600">No orders</span>
                      ) : (
                        <span className="flex flex-wrap gap-1">
                          {customer.brands.map((slug) => (
                            <BrandBadge key={slug} slug={slug} />
                          ))}
                        </span>
                      )}
                    </td>
                    <td className="px-3 py-2 text-right">
                      {customer.savedCards === null ? (
                        <span className="text-slate-600">unavailable</span>
                      ) : (
                        customer.savedCards
                      )}
                    </td>
                    <td className="px-3 py-2 text-right font-medium">
                      {customer.spend.length === 0
                        ? formatMoney(0, "usd")
                        : customer.spend.map((total) => formatMoney(total.net, total.currency)).join(" + ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        )}

        {list.customers.length > 0 && (
          <p className="text-xs text-slate-600">
            Lifetime spend is paid minus refunded over the orders placed through Rocket Checkout, here and on
            each customer&apos;s page (which also lists payments made outside the app).
          </p>
        )}

        {list.pages > 1 && (
          <nav aria-label="Customer pages" className="flex items-center gap-4 text-sm">
            {list.page > 1 ? (
              <Link
                href={pageHref(list.search, list.page - 1)}
                className="font-medium text-indigo-700 underline"
              >
                Previous page
              </Link>
            ) : null}
            <span aria-current="page">
              Page {list.page} of {list.pages}
            </span>
            {list.page < list.pages ? (
              <Link
                href={pageHref(list.search, list.page + 1)}
                className="font-medium text-indigo-700 underline"
              >
                Next page
              </Link>
            ) : null}
          </nav>
        )}
      </section>
    </div>
  );
}
