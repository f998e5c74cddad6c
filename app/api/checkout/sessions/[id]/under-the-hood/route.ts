import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";
import { underTheHood, underTheHoodEnabled } from "@/lib/under-the-hood/under-the-hood";

type Context = { params: Promise<{ id: string }> };

/**
 * What happened in Stripe for one of the signed-in user's checkouts (the demo's "Under the hood"
 * panel). 404 for anyone else's, and for every checkout unless the app talks to a local emulator.
 */
export const GET = handle(async (_request: Request, context: Context) => {
  if (!underTheHoodEnabled()) throw new AppError("not_found", "Not found.");
  const user = await requireApiUser();
  const { id } = await context.params;
  if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(id))
    throw new AppError("not_found", "We couldn't find that checkout.");
  return NextResponse.json(await underTheHood(user, id), { headers: { "cache-control": "no-store" } });
});
