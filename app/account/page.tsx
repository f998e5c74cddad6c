import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Your account</h1>
      <section
        aria-labelledby="profile-heading"
        className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="profile-heading" className="text-lg font-semibold">
          Profile
        </h2>
        <dl className="mt-4 grid gap-3 sm:grid-cols-[10rem_1fr]">
          <dt className="text-sm text-slate-600">Name</dt>
          <dd>{user.name ?? "—"}</dd>
          <dt className="text-sm text-slate-600">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-sm text-slate-600">Role</dt>
          <dd className="capitalize">{user.role}</dd>
        </dl>
      </section>
      <section
        aria-labelledby="orders-heading"
        className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="orders-heading" className="text-lg font-semibold">
          Orders and saved cards
        </h2>
        <p className="mt-2 text-slate-600">
          Your purchases at every Rocket brand, and the cards you saved, will appear here.
        </p>
      </section>
    </div>
  );
}
