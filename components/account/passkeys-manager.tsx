"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ConfirmRemovalButton } from "@/components/ui/confirm-removal-button";
import { FormAlert, FormStatus } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { addPasskey } from "@/lib/auth/passkeys-client";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/auth/passkeys-messages";

export interface PasskeyRow {
  id: string;
  name: string;
  added: string;
  lastUsed: string | null;
  synced: boolean;
}

/** The list of the shopper's passkeys, a form to add one, and a confirmed "Remove" on each. */
export function PasskeyManager({
  passkeys,
  unavailable,
}: {
  passkeys: PasskeyRow[];
  /** Why no passkey can be added where the app is reached, if so (see passkeysUnavailableReason). */
  unavailable: string | null;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const name = String(new FormData(form).get("passkey-name") ?? "").trim();
    if (name.length > PASSKEY_NAME_MAX_LENGTH) {
      setError(`Use at most ${PASSKEY_NAME_MAX_LENGTH} characters for the name.`);
      return;
    }
    setPending(true);
    setError(null);
    setAdded(null);
    const result = await addPasskey(name);
    setPending(false);
    if (!result.ok) return setError(result.message);
    form.reset();
    setAdded(`“${result.value.name}” is added. Next time, sign in with it — no password needed.`);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {passkeys.length === 0 ? (
        <p className="text-slate-600">No passkeys yet.</p>
      ) : (
        <ul className="space-y-2" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li
              key={passkey.id}
              className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200"
            >
              <span>
                <span className="font-medium">{passkey.name}</span>
                <span className="block text-sm text-slate-600">
                  Added {passkey.added} ·{" "}
                  {passkey.lastUsed ? `last used ${passkey.lastUsed}` : "not used yet"}
                  {passkey.synced && " · synced across your devices"}
                </span>
              </span>
              <RemovePasskeyButton id={passkey.id} name={passkey.name} />
            </li>
          ))}
        </ul>
      )}
      {unavailable ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {unavailable}
        </p>
      ) : (
        <form noValidate onSubmit={onSubmit} aria-label="Add a passkey" className="space-y-3">
          <FormAlert message={error} />
          <FormStatus message={added} />
          <div className="flex flex-wrap items-start gap-3">
            <div className="min-w-60 flex-1">
              <TextField
                name="passkey-name"
                label="Passkey name (optional)"
                autoComplete="off"
                maxLength={PASSKEY_NAME_MAX_LENGTH}
                hint="So you can tell your passkeys apart, like “Work laptop”."
              />
            </div>
            <button
              type="submit"
              disabled={pending}
              aria-disabled={pending}
              className="rounded-md bg-slate-900 px-4 py-2.5 font-medium text-white hover:bg-slate-700 disabled:opacity-60 sm:mt-6"
            >
              {pending ? "Waiting for your device…" : "Add a passkey"}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function RemovePasskeyButton({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmRemovalButton
      url={`/api/passkeys/${encodeURIComponent(id)}`}
      buttonLabel={`Remove passkey ${name}`}
      title={`Remove the passkey “${name}”?`}
      confirmLabel="Remove passkey"
      failureMessage="We couldn't remove the passkey. Try again."
      missingIsRemoved
    >
      It will no longer sign you in. Your password and any other passkeys keep working. You can also delete it
      from your device&apos;s password manager.
    </ConfirmRemovalButton>
  );
}
