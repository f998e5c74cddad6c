import { NextResponse } from "next/server";
import { startPasskeySignIn } from "@/lib/auth/passkeys";
import { handle } from "@/lib/http";
import { requestClientIp } from "@/lib/rate-limits";

/**
 * Starts a passkey sign-in (no one is signed in yet): a fresh challenge for this browser, limited
 * per client address. The answer goes to next-auth's `passkey` provider.
 */
export const POST = handle(async (request: Request) => {
  return NextResponse.json({ options: await startPasskeySignIn(requestClientIp(request.headers)) });
});
