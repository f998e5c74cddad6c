import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { stripeBrowserConfig } from "@/lib/stripe/browser-config";
import { TestCheckout } from "./test-checkout";

/**
 * Test harness for the embedded Checkout (Playwright): mounts the checkout for a
 * session created by the test itself. 404 unless ENABLE_TEST_PAGES=1.
 * Query: ?secret=<client_secret>&pk=<publishable key>&account=<acct_…>[&redirect=1]
 */
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Embedded checkout (test page)", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function EmbeddedCheckoutTestPage({ searchParams }: { searchParams: SearchParams }) {
  if (!env().ENABLE_TEST_PAGES) notFound();
  const params = await searchParams;
  const secret = first(params.secret);
  const publishableKey = first(params.pk);
  const stripeAccount = first(params.account);
  if (!secret || !publishableKey || !stripeAccount) notFound();
  const config = stripeBrowserConfig({ publishableKey, stripeAccount });
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <h1 className="text-2xl font-bold">Checkout</h1>
      <TestCheckout secret={secret} config={config} followReturnUrl={first(params.redirect) === "1"} />
    </div>
  );
}
