"use client";

import { useRouter } from "next/navigation";
import { useCallback, useId, useRef, useState } from "react";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";
import { DIALOG_CLASS, DialogActions } from "@/components/ui/dialog-actions";
import { cardLabel } from "@/lib/cards";
import { sendJson } from "@/lib/client/send-json";
import type { SavedCard } from "@/lib/customers/strategy";

export interface CardSetupConfig {
  /** The publishable key and account of the account new shared cards are saved in. */
  publishableKey: string;
  stripeAccount: string | null;
  stripeJsUrl: string | null;
}

function newSubmissionId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

type Step = { kind: "closed" } | { kind: "form"; attempt: number } | { kind: "saved"; label: string };

/**
 * "Add a card" for an admin: Stripe's embedded Checkout in setup mode, in a
 * dialog. The card is saved in the customer's home account, so every brand
 * offers it at its next checkout.
 */
export function AddCardButton({ customerId, config }: { customerId: string; config: CardSetupConfig }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: "closed" });
  const [error, setError] = useState<string | null>(null);
  const sessionId = useRef<string | null>(null);
  // One per opening of the form: a double click (or a repeated request) opens one setup session.
  const submissionId = useRef("");
  const base = `/api/org/customers/${customerId}/card-setups`;

  // A setup the admin walked away from (closed, or retried after an error) is expired, so its
  // form can no longer save a card. Best effort: an open setup session expires within 24 hours.
  const abandon = useCallback(() => {
    const open = sessionId.current;
    sessionId.current = null;
    if (open) void fetch(`${base}/${open}`, { method: "DELETE", keepalive: true }).catch(() => {});
  }, [base]);

  const fetchClientSecret = useCallback(async () => {
    // A form that already had its session (a retry) starts a new setup, with a new id.
    if (sessionId.current || !submissionId.current) submissionId.current = newSubmissionId();
    abandon();
    const result = await sendJson<{ sessionId: string; clientSecret: string }>(
      base,
      "POST",
      { submissionId: submissionId.current },
      "We couldn't open the card form. Try again.",
    );
    if (!result.ok) {
      setError(result.message);
      throw new Error(result.message);
    }
    setError(null);
    sessionId.current = result.data.sessionId;
    return result.data.clientSecret;
  }, [abandon, base]);

  const onComplete = useCallback(async () => {
    const session = sessionId.current;
    if (!session) return;
    sessionId.current = null;
    const result = await sendJson<{ card: SavedCard }>(
      `${base}/${session}`,
      "GET",
      undefined,
      "The card was saved, but we couldn't confirm it. Reload the page to see it.",
    );
    router.refresh();
    if (!result.ok) return setError(result.message);
    setStep({ kind: "saved", label: cardLabel(result.data.card) });
  }, [base, router]);

  const open = () => {
    submissionId.current = newSubmissionId();
    setError(null);
    setStep((current) => ({ kind: "form", attempt: current.kind === "form" ? current.attempt + 1 : 0 }));
    dialog.current?.showModal();
  };

  return (
    <>
      <button
        type="button"
        onClick={open}
        className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
      >
        Add a card
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        onClose={() => {
          abandon();
          setStep({ kind: "closed" });
        }}
        className={`${DIALOG_CLASS} max-w-xl`}
      >
        <div className="space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Add a card for every brand
          </h2>
          {step.kind === "form" && (
            <>
              <p className="text-sm text-slate-700">
                Only with the customer&apos;s consent. Nothing is charged: the card is saved to the customer
                and offered at the next checkout of every Rocket brand.
              </p>
              <EmbeddedCheckout
                key={step.attempt}
                {...config}
                fetchClientSecret={fetchClientSecret}
                onComplete={onComplete}
              />
            </>
          )}
          {step.kind === "saved" && (
            <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
              {step.label} is saved and shared with every brand.
            </p>
          )}
          <div role="alert">{error && <p className="text-sm text-red-700">{error}</p>}</div>
          <DialogActions
            onCancel={() => dialog.current?.close()}
            cancelLabel={step.kind === "saved" ? "Done" : "Cancel"}
          />
        </div>
      </dialog>
    </>
  );
}
