"use client";

import { useRouter } from "next/navigation";
import { useCallback, useId, useRef, useState, type FormEvent } from "react";
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

type Step =
  | { kind: "closed" }
  | { kind: "consent" }
  | { kind: "form"; attempt: number }
  | { kind: "saved"; label: string };

/** "Rocket Rides and Rocket Deliveries". */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * "Add a card" for an admin: Stripe's embedded Checkout in setup mode, in a
 * dialog. The card is saved in the customer's home account, so every brand
 * offers it at its next checkout.
 */
export function AddCardButton({
  customerId,
  config,
  offeringBrands,
}: {
  customerId: string;
  config: CardSetupConfig;
  /** The brands the customer lets offer their saved cards (their wallet choices). */
  offeringBrands: readonly string[];
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: "closed" });
  const [error, setError] = useState<string | null>(null);
  const [consent, setConsent] = useState("");
  const [consentError, setConsentError] = useState<string | null>(null);
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
      { submissionId: submissionId.current, consent },
      "We couldn't open the card form. Try again.",
    );
    if (!result.ok) {
      setError(result.message);
      throw new Error(result.message);
    }
    setError(null);
    sessionId.current = result.data.sessionId;
    return result.data.clientSecret;
  }, [abandon, base, consent]);

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
    setConsent("");
    setConsentError(null);
    setStep({ kind: "consent" });
    dialog.current?.showModal();
  };

  const continueToForm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (consent.trim().length < 3) {
      return setConsentError("Record how the customer agreed to saving the card (at least 3 characters).");
    }
    setConsentError(null);
    setStep((current) => ({ kind: "form", attempt: current.kind === "form" ? current.attempt + 1 : 0 }));
  };

  const offeredAt =
    offeringBrands.length > 0
      ? `offered at the next checkout of ${listOf(offeringBrands)}`
      : "offered at no brand for now: the customer switched every brand off";

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
          {step.kind === "consent" && (
            <form onSubmit={continueToForm} noValidate className="space-y-3">
              <p className="text-sm text-slate-700">
                Only with the customer&apos;s consent. Nothing is charged: the card is saved to the customer
                and {offeredAt} (the brands they allow).
              </p>
              <div className="space-y-1">
                <label htmlFor={`${id}-consent`} className="block text-sm font-medium text-slate-800">
                  The customer&apos;s consent
                </label>
                <input
                  id={`${id}-consent`}
                  name="consent"
                  autoComplete="off"
                  maxLength={300}
                  value={consent}
                  onChange={(event) => setConsent(event.target.value)}
                  aria-invalid={consentError ? true : undefined}
                  aria-describedby={`${id}-consent-hint${consentError ? ` ${id}-consent-error` : ""}`}
                  className="block w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-600"
                />
                <p id={`${id}-consent-hint`} className="text-xs text-slate-600">
                  How and when they agreed, e.g. “Asked on the phone on 2 Dec, agreed”. Kept in their history.
                </p>
                <div role="alert">
                  {consentError && (
                    <p id={`${id}-consent-error`} className="text-sm text-red-700">
                      {consentError}
                    </p>
                  )}
                </div>
              </div>
              <button
                type="submit"
                className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
              >
                Continue to the card form
              </button>
            </form>
          )}
          {step.kind === "form" && (
            <>
              <p className="text-sm text-slate-700">
                Nothing is charged: the card is saved to the customer and {offeredAt}.
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
