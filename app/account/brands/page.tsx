import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { AccountPanel } from "@/components/brand-view/account-panel";
import { requireUser } from "@/lib/auth/session";
import { brandViewFor } from "@/lib/brand-view/brand-view";

export const metadata: Metadata = { title: "What each brand sees" };

export default async function BrandViewPage() {
  const user = await requireUser("/account/brands");
  const view = await brandViewFor(user.id);

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <p className="text-sm">
          <Link href="/account" className="text-indigo-700 underline">
            Your account
          </Link>
        </p>
        <h1 className="text-3xl font-bold">What each brand sees</h1>
        <p className="text-slate-700">
          For each Rocket brand, what that brand&apos;s Stripe account holds about you, read from that account
          just now: your profile as it has it, its own record of you, the cards it can charge and the payments
          made there. Times are in UTC.
        </p>
        <p className="text-slate-700">{view.sharing}</p>
      </div>
      {view.accounts.map((account) => (
        <AccountPanel key={account.key} view={account} />
      ))}
    </div>
  );
}
