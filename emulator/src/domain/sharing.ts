import { versionAtLeast } from "./context.js";

/**
 * Customer fields synced across a sharing group. API 2026-09-30.endive added metadata, shipping,
 * business_name, tax_exempt and invoice_prefix to the original list (reference §0.3, §F).
 */
const SHARED_BEFORE_ENDIVE = [
  "name",
  "email",
  "address",
  "phone",
  "description",
  "preferred_locales",
  "tax_ids",
] as const;
const SHARED_SINCE_ENDIVE = [
  ...SHARED_BEFORE_ENDIVE,
  "metadata",
  "shipping",
  "business_name",
  "tax_exempt",
  "invoice_prefix",
] as const;

export const ENDIVE_SHARING_VERSION = "2026-09-30";

export function sharedCustomerFields(apiVersion: string): readonly string[] {
  return versionAtLeast(apiVersion, ENDIVE_SHARING_VERSION) ? SHARED_SINCE_ENDIVE : SHARED_BEFORE_ENDIVE;
}
