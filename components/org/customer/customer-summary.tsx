import { Link } from "@/components/ui/link";
import { findBrand } from "@/lib/brands";

/** The customer's name, email and Stripe id, with a link to their events and a note on brands not read. */
export function CustomerSummary({
  title,
  email,
  stripeCustomerId,
  unavailable,
}: {
  title: string;
  email: string;
  stripeCustomerId: string | null;
  /** Brands whose Stripe account could not be read just now. */
  unavailable: string[];
}) {
  return (
    <>
      <div className="min-w-0 space-y-1">
        <Link href="/org" className="text-sm font-medium text-indigo-700 underline">
          Organization
        </Link>
        <h1 className="text-3xl font-bold break-words">{title}</h1>
        <p className="break-words text-slate-600">
          {email}
          {stripeCustomerId && (
            <>
              {" · "}
              <span className="font-mono text-sm break-all">{stripeCustomerId}</span>
            </>
          )}
        </p>
        {stripeCustomerId && (
          <p>
            <Link
              href={`/org/events?customer=${encodeURIComponent(stripeCustomerId)}`}
              className="text-sm font-medium text-indigo-700 underline"
            >
              Events about this customer
            </Link>
          </p>
        )}
      </div>
      {unavailable.length > 0 && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          We couldn&apos;t read {unavailable.map((slug) => findBrand(slug)?.name ?? slug).join(" and ")} from
          Stripe just now: those payments show from our orders only, without refunds. Reload to try again.
        </p>
      )}
    </>
  );
}
