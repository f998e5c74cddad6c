import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { checkoutStatus } from "@/lib/checkout/status";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";

type Context = { params: Promise<{ id: string }> };

/** The state of one of the signed-in user's checkouts (404 for anyone else's). */
export const GET = handle(async (_request: Request, context: Context) => {
  const user = await requireApiUser();
  const { id } = await context.params;
  if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(id))
    throw new AppError("not_found", "We couldn't find that checkout.");
  const { clientSecret: _secret, account: _account, ...status } = await checkoutStatus(user, id);
  return NextResponse.json(status);
});
