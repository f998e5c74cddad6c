import { Link } from "@/components/ui/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg space-y-3 text-center">
      <p className="text-sm font-semibold text-red-700">403</p>
      <h1 className="text-3xl font-bold">You don’t have access to this page</h1>
      <p className="text-slate-600">
        This area is for organization admins. Sign in with an admin account to continue.
      </p>
      <Link href="/" className="inline-block font-medium text-indigo-700 underline">
        Back to the home page
      </Link>
    </div>
  );
}
