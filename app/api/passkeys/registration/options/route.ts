import { NextResponse } from "next/server";
import { startPasskeyRegistration } from "@/lib/auth/passkeys";
import { requireApiUser } from "@/lib/auth/session";
import { handle } from "@/lib/http";

/** Starts adding a passkey: a fresh challenge for this browser, and the options for the authenticator. */
export const POST = handle(async () => {
  const user = await requireApiUser();
  return NextResponse.json({ options: await startPasskeyRegistration(user) });
});
