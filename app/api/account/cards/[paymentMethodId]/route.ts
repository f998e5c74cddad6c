import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";
import { removeSavedCard } from "@/lib/wallet/wallet";

type Context = { params: Promise<{ paymentMethodId: string }> };

/** The signed-in shopper removes one of their saved cards from every brand. */
export const DELETE = handle(async (_request: Request, context: Context) => {
  const user = await requireApiUser();
  const { paymentMethodId } = await context.params;
  if (!/^(pm|card)_[A-Za-z0-9_]{1,100}$/.test(paymentMethodId)) {
    throw new AppError("not_found", "That card is not one of the saved cards (any more).");
  }
  await removeSavedCard(user.id, { id: user.id, role: "shopper" }, paymentMethodId);
  return NextResponse.json({ removed: paymentMethodId });
});
