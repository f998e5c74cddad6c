import "server-only";
import { connectCloneStrategy } from "@/lib/customers/connect-clone";
import { organizationStrategy } from "@/lib/customers/organization";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { env } from "@/lib/env";

let strategy: SharingStrategy | undefined;

/** The sharing strategy SHARING_STRATEGY selects; the rest of the app only sees the interface. */
export function sharingStrategy(): SharingStrategy {
  if (!strategy) {
    strategy = env().SHARING_STRATEGY === "connect-clone" ? connectCloneStrategy() : organizationStrategy();
  }
  return strategy;
}

export type { AccountClient, SavedCard, SharedProfile, SharingStrategy } from "@/lib/customers/strategy";
