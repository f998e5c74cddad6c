import type * as SimpleWebAuthnBrowser from "@simplewebauthn/browser";
import { sendJson } from "@/lib/client/send-json";

/**
 * The browser's half of passkeys: fetch a challenge, let the authenticator answer it (through
 * @simplewebauthn/browser, loaded on first use so no page pays for it up front), and hand the
 * answer back. Every failure becomes one sentence for the page.
 */

export type PasskeyOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

const CANCELLED = "The passkey prompt was closed or timed out. Try again when you are ready.";
const UNSUPPORTED = "This browser can't use passkeys. Sign in with your password instead.";

type Browser = typeof SimpleWebAuthnBrowser;

/** What went wrong in the authenticator, in words; `previouslyRegistered` for adding only. */
function ceremonyMessage(error: unknown, previouslyRegistered: string): string {
  const name = error instanceof Error ? error.name : "";
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return previouslyRegistered;
  }
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED")
    return CANCELLED;
  if (name === "SecurityError") return "Passkeys only work when the app is opened at its own address.";
  return "Your device couldn't complete the passkey request. Try again.";
}

async function loadBrowser(): Promise<Browser | null> {
  const browser = await import("@simplewebauthn/browser");
  return browser.browserSupportsWebAuthn() ? browser : null;
}

/** Creates a passkey on this device and adds it to the signed-in account. */
export async function addPasskey(name: string): Promise<PasskeyOutcome<{ id: string; name: string }>> {
  const browser = await loadBrowser();
  if (!browser) return { ok: false, message: "This browser can't create passkeys." };
  const started = await sendJson<{ options: Parameters<Browser["startRegistration"]>[0]["optionsJSON"] }>(
    "/api/passkeys/registration/options",
    "POST",
    undefined,
    "We couldn't start adding a passkey. Try again.",
  );
  if (!started.ok) return { ok: false, message: started.message };
  let response: Awaited<ReturnType<Browser["startRegistration"]>>;
  try {
    response = await browser.startRegistration({ optionsJSON: started.data.options });
  } catch (error) {
    return {
      ok: false,
      message: ceremonyMessage(error, "This device already holds a passkey for your account."),
    };
  }
  const finished = await sendJson<{ passkey: { id: string; name: string } }>(
    "/api/passkeys/registration",
    "POST",
    { name, response },
    "We couldn't add the passkey. Try again.",
  );
  if (!finished.ok) return { ok: false, message: finished.fields.name ?? finished.message };
  return { ok: true, value: finished.data.passkey };
}

/** Asks this device for a passkey of this site; the answer, as JSON, for next-auth's `passkey` provider. */
export async function passkeyAssertion(): Promise<PasskeyOutcome<string>> {
  const browser = await loadBrowser();
  if (!browser) return { ok: false, message: UNSUPPORTED };
  const started = await sendJson<{ options: Parameters<Browser["startAuthentication"]>[0]["optionsJSON"] }>(
    "/api/passkeys/authentication/options",
    "POST",
    undefined,
    "We couldn't start the passkey sign-in. Try again.",
  );
  if (!started.ok) return { ok: false, message: started.message };
  try {
    const response = await browser.startAuthentication({ optionsJSON: started.data.options });
    return { ok: true, value: JSON.stringify(response) };
  } catch (error) {
    return { ok: false, message: ceremonyMessage(error, CANCELLED) };
  }
}
