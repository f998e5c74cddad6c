import "server-only";
import { organizationStrategy } from "@/lib/customers/organization";
import type { SharingStrategy } from "@/lib/customers/strategy";
import { env } from "@/lib/env";

let strategy: SharingStrategy | undefined;

/** The sharing strategy SHARING_STRATEGY selects; the rest of the app only sees the interface. */
export function sharingStrategy(): SharingStrategy {
  if (!strategy) {
    const name = env().SHARING_STRATEGY;
    if (name !== "organization") {
      throw new Error(`SHARING_STRATEGY=${name} is not available yet; use "organization".`);
    }
    strategy = organizationStrategy();
  }
  return strategy;
}

export type { SavedCard, SharedProfile, SharingStrategy } from "@/lib/customers/strategy";
