import { NextResponse } from "next/server";
import { finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { passkeyRegistrationSchema } from "@/lib/auth/passkeys-core";
import { requireApiUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http";

// An attestation can carry a certificate chain: more room than the default 16 KiB.
const BODY_LIMIT_BYTES = 48 * 1024;

/** Finishes adding a passkey: checks the authenticator's answer to this browser's challenge. */
export const POST = handle(async (request: Request) => {
  const user = await requireApiUser();
  const input = await readJson(request, passkeyRegistrationSchema, BODY_LIMIT_BYTES);
  const passkey = await finishPasskeyRegistration(user.id, input);
  return NextResponse.json({ passkey }, { status: 201 });
});
