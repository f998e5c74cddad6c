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
