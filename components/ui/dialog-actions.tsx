import type { ReactNode } from "react";

/**
 * The footer of a confirmation dialog: Cancel and the action. On a phone the buttons take the
 * full width, stacked with the action on top, so neither is ever cut off; from `sm` up they sit
 * side by side at the end.
 */
export function DialogActions({
  onCancel,
  cancelLabel = "Cancel",
  children,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  /** The confirming button(s). */
  children?: ReactNode;
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
      {children}
    </div>
  );
}

/** The dialog element's look: centred, within the screen on a phone, text aligned to the start. */
export const DIALOG_CLASS =
  "m-auto w-[calc(100%-2rem)] rounded-2xl p-4 text-start shadow-xl backdrop:bg-slate-900/40 sm:p-6";
