import { PasskeyManager, type PasskeyRow } from "@/components/account/passkeys-manager";
import { listPasskeys, passkeysUnavailable } from "@/lib/auth/passkeys";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

/** The account page's passkeys: what the shopper has added, and adding or removing one. */
export async function PasskeysSection({ userId }: { userId: string }) {
  // Dates are written out here, on the server, so the browser shows the same text it was sent.
  const passkeys: PasskeyRow[] = (await listPasskeys(userId)).map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    added: dateFormat.format(passkey.createdAt),
    lastUsed: passkey.lastUsedAt ? dateFormat.format(passkey.lastUsedAt) : null,
    synced: passkey.backedUp,
  }));
  return (
    <section
      aria-labelledby="passkeys-heading"
      className="space-y-3 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="text-sm text-slate-600">
        Sign in with your fingerprint, face or device PIN instead of your password. Your password keeps
        working too.
      </p>
      <PasskeyManager passkeys={passkeys} unavailable={passkeysUnavailable()} />
    </section>
  );
}
