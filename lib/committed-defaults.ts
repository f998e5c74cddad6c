import "server-only";
import defaultWorld from "@rocket-checkout/stripe-emulator/default-world.json";
import { brandDefinitions } from "@/lib/brands/definitions";

/**
 * Values anyone can read in this repository: the local emulator's keys, signing
 * secrets and account ids (its default world, and the defaults the app falls
 * back to), and the session secrets the test suites run with. They make the demo
 * and the tests work with no configuration; a production server that talks to
 * anything but a local emulator refuses them (lib/env.ts).
 */

/** NEXTAUTH_SECRET values committed for the e2e suite (playwright.config.ts), the two-instance test and the integration tests. */
const TEST_SUITE_AUTH_SECRETS = [
  "e2e-only-secret-that-is-long-enough-0123456789",
  "instances-test-secret-0123456789abcdefghijkl",
  "integration-test-secret-0123456789abcdef",
];

const CREDENTIAL_OR_ACCOUNT = /^(sk_|pk_|rk_|whsec_|acct_)/;

/** Every key, signing secret and account id in a JSON value (e.g. the parsed defaults of lib/env.ts). */
export function credentialsIn(value: unknown): string[] {
  if (typeof value === "string") return CREDENTIAL_OR_ACCOUNT.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(credentialsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(credentialsIn);
  return [];
}

/** lib/env.ts adds its own defaults to these. */
export const COMMITTED_VALUES: ReadonlySet<string> = new Set<string>([
  ...TEST_SUITE_AUTH_SECRETS,
  ...credentialsIn(defaultWorld),
  ...brandDefinitions.flatMap(({ stripe }) => [
    stripe.account.default,
    stripe.connectedAccount.default,
    stripe.secretKey.default,
    stripe.publishableKey.default,
  ]),
]);
