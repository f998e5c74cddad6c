"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type ReactNode } from "react";
import { DIALOG_CLASS, DialogActions } from "@/components/ui/dialog-actions";
import { sendJson } from "@/lib/client/send-json";

/**
 * "Remove" on an item of a list, confirmed in a dialog: the confirmation sends `DELETE url`, and
 * the page is refreshed once the item is gone. A failure stays in the dialog, to try again.
 */
export function ConfirmRemovalButton({
  url,
  buttonLabel,
  title,
  confirmLabel,
  failureMessage,
  missingIsRemoved = false,
  children,
}: {
  url: string;
  /** The accessible name of the "Remove" button: which item it removes. */
  buttonLabel: string;
  /** The dialog's heading, a question ("Remove …?"). */
  title: ReactNode;
  confirmLabel: string;
  /** What the dialog says when the server gives no reason. */
  failureMessage: string;
  /** A 404 means the item is already gone (removed in another tab): the list is only out of date. */
  missingIsRemoved?: boolean;
  /** What removing it means. */
  children: ReactNode;
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
    const result = await sendJson(url, "DELETE", undefined, failureMessage);
    setPending(false);
    if (!result.ok && !(missingIsRemoved && result.status === 404)) return setError(result.message);
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
        aria-label={buttonLabel}
      >
        Remove
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className={`${DIALOG_CLASS} max-w-md`}>
        <div className="space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-700">{children}</p>
          <div role="alert">{error && <p className="text-sm text-red-700">{error}</p>}</div>
          <DialogActions
            onCancel={() => dialog.current?.close()}
            confirm={{
              label: confirmLabel,
              pendingLabel: "Removing…",
              pending,
              onConfirm: () => void remove(),
            }}
          />
        </div>
      </dialog>
    </>
  );
}
