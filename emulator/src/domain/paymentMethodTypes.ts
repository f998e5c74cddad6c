import type { Ctx } from "./context.js";
import { versionAtLeast } from "./context.js";
import { invalid } from "./errors.js";
import type { P } from "./params.js";

/**
 * `payment_method_types` stopped being writable on PaymentIntents and SetupIntents in
 * 2026-08-26 (dahlia preview) and 2026-09-30.endive, and on Checkout Sessions in
 * 2026-09-30.endive (changelog: "Passing `payment_method_types` … returns a 400 error with the
 * code `payment_method_types_no_longer_supported`"); `allowed_payment_method_types` replaces it.
 */
export const INTENTS_WITHOUT_PAYMENT_METHOD_TYPES = "2026-08-26";
export const CHECKOUT_WITHOUT_PAYMENT_METHOD_TYPES = "2026-09-30";

export function refusePaymentMethodTypes(ctx: Ctx, p: P, since: string): void {
  if (p.has("payment_method_types") && versionAtLeast(ctx.apiVersion, since)) {
    throw invalid(
      `\`payment_method_types\` is no longer supported on API version ${ctx.apiVersion}. Use \`allowed_payment_method_types\` or dynamic payment methods instead.`,
      { param: "payment_method_types", code: "payment_method_types_no_longer_supported" },
    );
  }
}

/** What the caller asked for in `payment_method_types` / `allowed_payment_method_types` (cards only). */
export function paymentMethodTypesOf(
  ctx: Ctx,
  p: P,
  since = INTENTS_WITHOUT_PAYMENT_METHOD_TYPES,
): { allowed: string[] | null; legacy: string[] | null; explicit: boolean } {
  refusePaymentMethodTypes(ctx, p, since);
  const allowed = p.strs("allowed_payment_method_types");
  const legacy = p.strs("payment_method_types");
  const exclusive = [
    "payment_method_types",
    "automatic_payment_methods",
    "excluded_payment_method_types",
    "payment_method_configuration",
  ];
  if (allowed && exclusive.some((k) => p.has(k))) {
    throw invalid(
      `\`allowed_payment_method_types\` cannot be combined with ${exclusive.map((k) => `\`${k}\``).join(", ")}.`,
      { param: "allowed_payment_method_types", code: "parameters_exclusive" },
    );
  }
  for (const [param, list] of [
    ["allowed_payment_method_types", allowed],
    ["payment_method_types", legacy],
  ] as const) {
    if (list && !list.includes("card")) {
      throw invalid(`The emulator supports card payment methods only (${param}: ${list.join(", ")}).`, {
        param,
        code: "payment_method_unsupported_type",
      });
    }
  }
  return { allowed: allowed ?? null, legacy: legacy ?? null, explicit: Boolean(allowed ?? legacy) };
}
