import { actorForAdmin, actorForShopper, describeChange, type TrailEntry } from "@/lib/audit/entries";
import { findBrand } from "@/lib/brands";
import { formatDateTime } from "@/lib/time";

const brandName = (slug: string) => findBrand(slug)?.name ?? slug;

/**
 * Every change to a shopper's wallet and profile, newest first: when (UTC), who and what. The
 * shopper reads "You" and "Rocket support"; an admin reads which admin.
 */
export function AuditTrail({ entries, reader }: { entries: TrailEntry[]; reader: "shopper" | "admin" }) {
  if (entries.length === 0) return <p className="text-slate-600">No changes yet.</p>;
  const who = reader === "shopper" ? actorForShopper : actorForAdmin;
  return (
    <ol className="divide-y divide-slate-200 text-sm" aria-label="Changes to the wallet and profile">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-wrap gap-x-3 gap-y-1 py-2">
          <time dateTime={entry.at.toISOString()} className="text-slate-600">
            {formatDateTime(entry.at)}
          </time>
          <span className="font-medium">{who(entry.actor)}</span>
          <span>{describeChange(entry.change, brandName)}</span>
        </li>
      ))}
    </ol>
  );
}
