import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { enabledOAuthProviders } from "@/lib/auth/options";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { safeCallbackPath, signInErrorMessage } from "@/lib/auth/validation";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl), env().APP_URL);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in" intro="Welcome back. Your saved cards work at every Rocket brand.">
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={signInErrorMessage(first(params.error))}
        oauthProviders={enabledOAuthProviders()}
      />
    </AuthCard>
  );
}
