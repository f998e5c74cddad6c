/** The dialog's confirming button: what it does, and what it says while that is under way. */
export interface DialogConfirm {
  label: string;
  pendingLabel: string;
  pending: boolean;
  /** A button of the dialog's form submits it; otherwise it calls `onConfirm`. */
  onConfirm?: () => void;
}

/**
 * The footer of a confirmation dialog: Cancel and the action. On a phone the buttons take the
 * full width, stacked with the action on top, so neither is ever cut off; from `sm` up they sit
 * side by side at the end.
 */
export function DialogActions({
  onCancel,
  cancelLabel = "Cancel",
  confirm,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  /** The confirming button; none in a dialog that only shows a result. */
  confirm?: DialogConfirm;
}) {
  return (
    <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
      <button
        type="button"
        onClick={onCancel}
        className="rounded-md px-4 py-2 text-sm font-medium ring-1 ring-slate-300"
      >
        {cancelLabel}
      </button>
      {confirm && (
        <button
          type={confirm.onConfirm ? "button" : "submit"}
          onClick={confirm.onConfirm}
          disabled={confirm.pending}
          aria-disabled={confirm.pending}
          className="rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60"
        >
          {confirm.pending ? confirm.pendingLabel : confirm.label}
        </button>
      )}
    </div>
  );
}

/** The dialog element's look: centred, within the screen on a phone, text aligned to the start. */
export const DIALOG_CLASS =
  "m-auto w-[calc(100%-2rem)] rounded-2xl p-4 text-start shadow-xl backdrop:bg-slate-900/40 sm:p-6";
