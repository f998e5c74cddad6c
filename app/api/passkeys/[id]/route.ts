import { NextResponse } from "next/server";
import { removePasskey } from "@/lib/auth/passkeys";
import { requireApiUser } from "@/lib/auth/session";
import { handle } from "@/lib/http";

type Context = { params: Promise<{ id: string }> };

/** Removes one of the signed-in user's passkeys: it no longer signs anyone in. */
export const DELETE = handle(async (_request: Request, context: Context) => {
  const user = await requireApiUser();
  await removePasskey(user.id, (await context.params).id);
  return NextResponse.json({ removed: true });
});
