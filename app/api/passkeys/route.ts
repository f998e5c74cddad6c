import { NextResponse } from "next/server";
import { listPasskeys } from "@/lib/auth/passkeys";
import { requireApiUser } from "@/lib/auth/session";
import { handle } from "@/lib/http";

/** The signed-in user's passkeys (names and dates; never a key). */
export const GET = handle(async () => {
  const user = await requireApiUser();
  return NextResponse.json({ passkeys: await listPasskeys(user.id) });
});
