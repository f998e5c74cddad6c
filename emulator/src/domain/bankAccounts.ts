import type Stripe from "stripe";
import { createHash } from "node:crypto";
import { invalid, missingParam } from "./errors.js";
import type { P } from "./params.js";
import type { Obj } from "../store/db.js";
import { type BillingInput } from "./paymentMethods.js";
import { objAt } from "./render.js";

/**
 * ACH Direct Debit test mode, as Stripe's "Accept an ACH Direct Debit payment" guide documents it:
 * routing number 110000000 with these account numbers (or their `pm_usBankAccount_*` tokens).
 * Failures arrive after the payment went `processing`, as ACH returns do.
 */
export const TEST_ROUTING_NUMBER = "110000000";
export const SUCCESS = "000123456789";
export const STAYS_PROCESSING = "000000000009";

export interface AchFailure {
  code: string;
  message: string;
}

export const FAILURES: Record<string, AchFailure> = {
  "000111111113": { code: "account_closed", message: "The customer's bank account has been closed." },
  "000111111116": { code: "no_account", message: "The customer's bank account could not be located." },
  "000222222227": {
    code: "insufficient_funds",
    message: "The customer's account has insufficient funds to cover this payment.",
  },
  "000333333335": {
    code: "debit_not_authorized",
    message: "The customer has notified their bank that this payment was unauthorized.",
  },
  "000444444440": {
    code: "invalid_currency",
    message: "The customer's bank account could not be debited in this currency.",
  },
};

const TEST_TOKENS: Record<string, string> = {
  pm_usBankAccount_success: SUCCESS,
  pm_usBankAccount_accountClosed: "000111111113",
  pm_usBankAccount_noAccount: "000111111116",
  pm_usBankAccount_insufficientFunds: "000222222227",
  pm_usBankAccount_debitNotAuthorized: "000333333335",
  pm_usBankAccount_invalidCurrency: "000444444440",
  pm_usBankAccount_processing: STAYS_PROCESSING,
};

export function testBankTokenNumber(id: string): string | undefined {
  return TEST_TOKENS[id];
}

export function isBankAccount(pm: Obj): boolean {
  return pm["type"] === "us_bank_account";
}

/** ABA routing numbers carry a weighted checksum (3, 7, 1). */
function routingChecksumOk(routing: string): boolean {
  const d = [...routing].map(Number);
  const sum = [0, 3, 6].reduce((s, i) => s + 3 * (d[i] ?? 0) + 7 * (d[i + 1] ?? 0) + (d[i + 2] ?? 0), 0);
  return sum % 10 === 0;
}

const HOLDER_TYPES = ["individual", "company"];
const ACCOUNT_TYPES = ["checking", "savings"];

function oneOf(value: string | null | undefined, allowed: string[], param: string): string | null {
  if (value === undefined || value === null) return null;
  if (!allowed.includes(value)) {
    throw invalid(`Invalid ${param}: must be one of ${allowed.join(", ")}`, { param });
  }
  return value;
}

export interface BankAccountInput {
  routing: string;
  accountNumber: string;
  holderType: string | null;
  accountType: string;
}

/** Reads and checks a `us_bank_account` hash; `billing_details[name]` is required for this type. */
export function bankAccountInput(p: P, billing: BillingInput | undefined): BankAccountInput {
  const bank = p.obj("us_bank_account");
  if (!bank) throw missingParam(p.param("us_bank_account"));
  const fca = bank.str("financial_connections_account");
  if (fca) {
    // No Financial Connections accounts exist here, so every id is unknown.
    throw invalid(`No such financial_connections.account: '${fca}'`, {
      param: bank.param("financial_connections_account"),
      code: "resource_missing",
    });
  }
  const routing = bank.reqStr("routing_number");
  const accountNumber = bank.reqStr("account_number");
  if (!/^\d{9}$/.test(routing)) {
    throw invalid("Routing number must have 9 digits.", { param: bank.param("routing_number") });
  }
  if (!routingChecksumOk(routing)) {
    throw invalid(`Invalid routing number: ${routing}`, { param: bank.param("routing_number") });
  }
  if (!/^\d{4,17}$/.test(accountNumber)) {
    throw invalid("Account number must have between 4 and 17 digits.", {
      param: bank.param("account_number"),
    });
  }
  const holderType = oneOf(bank.str("account_holder_type"), HOLDER_TYPES, bank.param("account_holder_type"));
  const accountType =
    oneOf(bank.str("account_type"), ACCOUNT_TYPES, bank.param("account_type")) ?? "checking";
  if (!billing?.name) throw missingParam(p.param("billing_details") + "[name]");
  return { routing, accountNumber, holderType, accountType };
}

/** The `us_bank_account` hash of a PaymentMethod, as `Stripe.PaymentMethod.UsBankAccount` declares it. */
export function bankAccountDetails(input: BankAccountInput): Stripe.PaymentMethod.UsBankAccount {
  return {
    account_holder_type: input.holderType,
    account_type: input.accountType,
    bank_name: input.routing === TEST_ROUTING_NUMBER ? "STRIPE TEST BANK" : null,
    financial_connections_account: null,
    fingerprint: createHash("sha256")
      .update(`${input.routing}:${input.accountNumber}`)
      .digest("base64url")
      .slice(0, 16),
    last4: input.accountNumber.slice(-4),
    networks: { preferred: "ach", supported: ["ach"] },
    routing_number: input.routing,
    status_details: null,
  };
}

/** Updates `account_holder_type` / `account_type`, the only bank fields Stripe lets an update change. */
export function updatedBankAccount(pm: Obj, p: P): Obj {
  const bank = p.obj("us_bank_account");
  const current = objAt(pm, "us_bank_account") ?? {};
  if (!bank) return current;
  const next: Obj = { ...current };
  const holder = oneOf(bank.str("account_holder_type"), HOLDER_TYPES, bank.param("account_holder_type"));
  const type = oneOf(bank.str("account_type"), ACCOUNT_TYPES, bank.param("account_type"));
  if (holder) next["account_holder_type"] = holder;
  if (type) next["account_type"] = type;
  return next;
}
