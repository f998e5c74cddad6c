import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { safeCallbackPath } from "@/lib/auth/validation";

export const metadata: Metadata = { title: "Create account" };

type SearchParams = Promise<{ callbackUrl?: string | string[] }>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackPath(Array.isArray(raw) ? raw[0] : raw, env().APP_URL);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <AuthCard title="Create your account" intro="One account for Rocket Rides, Rocket Deliveries and more.">
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
