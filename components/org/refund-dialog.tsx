"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { DIALOG_CLASS, DialogActions } from "@/components/ui/dialog-actions";
import { sendJson } from "@/lib/client/send-json";
import { formatMoney } from "@/lib/money";
import { parseAmount } from "@/lib/org/refund-input";

export interface RefundTarget {
  customerId: string;
  brand: string;
  brandName: string;
  /** The Stripe account the payment lives in. */
  account: string;
  paymentIntentId: string;
  refundable: number;
  amount: number;
  currency: string;
}

function newKey(): string {
  return crypto.randomUUID();
}

/** "Refund" on a timeline row: a confirmation dialog with the amount (full by default). */
export function RefundButton({ target }: { target: RefundTarget }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [key, setKey] = useState("");
  const [amountText, setAmountText] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const most = formatMoney(target.refundable, target.currency);

  function open() {
    // One idempotency key per opening: everything sent from this dialog refunds at most once.
    setKey(newKey());
    setAmountText((target.refundable / 100).toFixed(2));
    setReason("");
    setError(null);
    setReasonError(null);
    setDone(null);
    dialog.current?.showModal();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const amount = parseAmount(amountText);
    if (amount === null) return setError("Enter an amount like 12.50.");
    if (amount <= 0) return setError("Enter an amount greater than zero.");
    if (amount > target.refundable) return setError(`You can refund at most ${most}.`);
    setError(null);
    if (reason.trim().length < 3)
      return setReasonError("Say why you refund this payment (at least 3 characters).");
    setPending(true);
    setReasonError(null);
    const result = await sendJson<{ amount: number; currency: string }>(
      `/api/org/customers/${target.customerId}/refunds`,
      "POST",
      {
        brand: target.brand,
        account: target.account,
        paymentIntentId: target.paymentIntentId,
        amount,
        reason,
        idempotencyKey: key,
      },
      "The refund failed. Try again.",
    );
    setPending(false);
    if (!result.ok) {
      if (result.fields.reason) return setReasonError(result.fields.reason);
      return setError(result.fields.amount ?? result.message);
    }
    setDone(`Refunded ${formatMoney(result.data.amount, result.data.currency)}.`);
    dialog.current?.close();
    router.refresh();
  }

  return (
    <>
      <button
        type="button"
        onClick={open}
        className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
        aria-label={`Refund ${formatMoney(target.amount, target.currency)} payment at ${target.brandName}`}
      >
        Refund
      </button>
      <span role="status" className="sr-only">
        {done}
      </span>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className={`${DIALOG_CLASS} max-w-md`}>
        <form onSubmit={submit} noValidate className="space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Refund a {target.brandName} payment
          </h2>
          <p className="text-sm text-slate-700">
            The refund is made in the {target.brandName} Stripe account and goes back to the card used. Up to{" "}
            <strong>{most}</strong> can still be refunded.
          </p>
          <div className="space-y-1">
            <label htmlFor={`${id}-amount`} className="block text-sm font-medium text-slate-800">
              Amount to refund ({target.currency.toUpperCase()})
            </label>
            <input
              id={`${id}-amount`}
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
            />
            <p id={`${id}-hint`} className="text-xs text-slate-600">
              Leave the full amount for a full refund, or lower it for a partial one.
            </p>
            <div role="alert">
              {error && (
                <p id={`${id}-error`} className="text-sm text-red-700">
                  {error}
                </p>
              )}
            </div>
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
              Reason (required)
            </label>
            <input
              id={`${id}-reason`}
              name="reason"
              autoComplete="off"
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={`${id}-reason-hint${reasonError ? ` ${id}-reason-error` : ""}`}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
            />
            <p id={`${id}-reason-hint`} className="text-xs text-slate-600">
              Kept in the customer&apos;s history, with your name.
            </p>
            <div role="alert">
              {reasonError && (
                <p id={`${id}-reason-error`} className="text-sm text-red-700">
                  {reasonError}
                </p>
              )}
            </div>
          </div>
          <DialogActions
            onCancel={() => dialog.current?.close()}
            confirm={{ label: "Confirm refund", pendingLabel: "Refunding…", pending }}
          />
        </form>
      </dialog>
    </>
  );
}
