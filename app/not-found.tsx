import { Link } from "@/components/ui/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-3 text-center">
      <p className="text-sm font-semibold text-slate-600">404</p>
      <h1 className="text-3xl font-bold">We couldn’t find that page</h1>
      <p className="text-slate-600">Check the address, or start again from the home page.</p>
      <Link href="/" className="inline-block font-medium text-indigo-700 underline">
        Back to the home page
      </Link>
    </div>
  );
}
