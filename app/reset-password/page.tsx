import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { isResetTokenUsable, RESET_LINK_UNUSABLE } from "@/lib/auth/password-reset";

// The token is in this page's address: no referrer at all, and no search engine.
export const metadata: Metadata = {
  title: "Choose a new password",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

type SearchParams = Promise<{ token?: string | string[] }>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const raw = (await searchParams).token;
  const token = Array.isArray(raw) ? raw[0] : raw;
  const usable = await isResetTokenUsable(token);
  return (
    <AuthCard
      title="Choose a new password"
      intro="Saving it signs your account out everywhere; then sign in with the new password."
    >
      {usable && token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <div className="space-y-4">
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200">
            {RESET_LINK_UNUSABLE}
          </p>
          <Link href="/forgot-password" className="font-medium text-indigo-700 underline">
            Ask for a new link
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
