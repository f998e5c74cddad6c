import "server-only";
import { brandForAccount } from "@/lib/brands";
import { env } from "@/lib/env";

/** A human name for a Stripe account the app deals with. */
export function accountLabel(account: string): string {
  if (account === env().STRIPE_PLATFORM_ACCOUNT) return "Platform";
  return brandForAccount(account)?.name ?? "Unknown account";
}
