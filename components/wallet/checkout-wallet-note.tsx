import { Link } from "@/components/ui/link";
import { findBrand } from "@/lib/brands";
import { trailCardLabel } from "@/lib/audit/entries";
import { originText } from "@/lib/wallet/origin-text";
import { checkoutWallet } from "@/lib/wallet/wallet";

const MANAGE = "/account#wallet-brands-heading";
/** More than this many saved cards are summed up rather than listed. */
const LISTED = 3;

const brandName = (slug: string) => findBrand(slug)?.name ?? slug;

/**
 * Beside the embedded Checkout: why the shopper's saved cards are offered here (where and when
 * each was saved, and that they are offered at the brands the shopper allows), or, at a brand
 * they switched off, that the cards are hidden here and where to change it. Database reads only:
 * nothing here waits for Stripe.
 */
export async function CheckoutWalletNote({ userId, brand }: { userId: string; brand: string }) {
  const { offerSavedCards, origins } = await checkoutWallet(userId, brand);
  const here = brandName(brand);
  if (!offerSavedCards) {
    return (
      <aside
        aria-label="Your saved cards"
        className="rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-200"
      >
        <p>
          <strong>Your saved cards are hidden at {here}</strong>, as you chose. Pay with a new card here; if
          you save it, it is offered only at the Rocket brands you allow.{" "}
          <Link href={MANAGE} className="font-medium underline">
            Change where your cards are offered
          </Link>
        </p>
      </aside>
    );
  }
  if (origins.length === 0) return null;
  const listed = origins.slice(0, LISTED);
  return (
    <aside
      aria-label="Your saved cards"
      className="rounded-xl bg-white p-4 text-sm text-slate-700 shadow-sm ring-1 ring-slate-200"
    >
      <ul className="space-y-1">
        {listed.map((origin) => (
          <li key={origin.card.id}>
            <span className="font-medium text-slate-900">{trailCardLabel(origin.card)}</span>:{" "}
            {originText(origin, brandName)} · offered at the Rocket brands you allow ·{" "}
            <Link href={MANAGE} className="font-medium text-indigo-700 underline">
              Manage
            </Link>
          </li>
        ))}
      </ul>
      {origins.length > LISTED && (
        <p className="mt-1 text-slate-600">and {origins.length - LISTED} more saved cards.</p>
      )}
    </aside>
  );
}
