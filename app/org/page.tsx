import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Organization" };

export default async function OrganizationPage() {
  await requireAdmin("/org");
  const [shoppers, admins] = await Promise.all([
    prisma.user.count({ where: { role: "shopper" } }),
    prisma.user.count({ where: { role: "admin" } }),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Organization</h1>
      <p className="text-slate-600">
        The shared-customer dashboard of every Rocket brand. Customer timelines and refunds arrive with the
        dashboard.
      </p>
      <p>
        <Link href="/org/events" className="font-medium text-indigo-700 underline">
          Open the event log
        </Link>{" "}
        — every Stripe event of every brand account, with what the app did with it.
      </p>
      <dl className="grid gap-4 sm:grid-cols-2">
        <div className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <dt className="text-sm text-slate-600">Shoppers</dt>
          <dd className="text-2xl font-semibold">{shoppers}</dd>
        </div>
        <div className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <dt className="text-sm text-slate-600">Admins</dt>
          <dd className="text-2xl font-semibold">{admins}</dd>
        </div>
      </dl>
    </div>
  );
}
