"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { DIALOG_CLASS, DialogActions } from "@/components/ui/dialog-actions";
import { sendJson } from "@/lib/client/send-json";

/** "Remove" on a saved card, confirmed in a dialog: the card disappears from every brand. */
export function RemoveCardButton({
  customerId,
  cardId,
  label,
}: {
  customerId: string;
  cardId: string;
  label: string;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    if (pending) return;
    setPending(true);
    setError(null);
    const result = await sendJson(
      `/api/org/customers/${customerId}/cards/${cardId}`,
      "DELETE",
      undefined,
      "We couldn't remove the card. Try again.",
    );
    setPending(false);
    if (!result.ok) return setError(result.message);
    dialog.current?.close();
    router.refresh();
  }

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
        className="rounded-md px-2 py-1 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50"
        aria-label={`Remove ${label}`}
      >
        Remove
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className={`${DIALOG_CLASS} max-w-md`}>
        <div className="space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Remove {label}?
          </h2>
          <p className="text-sm text-slate-700">
            The card is shared: removing it takes it away from every Rocket brand. Past payments are kept.
          </p>
          <div role="alert">{error && <p className="text-sm text-red-700">{error}</p>}</div>
          <DialogActions onCancel={() => dialog.current?.close()}>
            <button
              type="button"
              onClick={remove}
              disabled={pending}
              className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60"
            >
              {pending ? "Removing…" : "Remove card"}
            </button>
          </DialogActions>
        </div>
      </dialog>
    </>
  );
}
