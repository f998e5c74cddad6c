/** A form-level error, announced as soon as it appears. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-live="assertive">
      {message && (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200">{message}</p>
      )}
    </div>
  );
}

/** A form's success, announced politely; the live region stays in the page so it is heard. */
export function FormStatus({ message }: { message: string | null }) {
  return (
    <div role="status" aria-live="polite">
      {message && (
        <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
          {message}
        </p>
      )}
    </div>
  );
}
