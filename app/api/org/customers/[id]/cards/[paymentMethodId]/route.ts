import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";
import { removeCustomerCard } from "@/lib/org/customer-actions";

type Context = { params: Promise<{ id: string; paymentMethodId: string }> };

/** Removes one of the customer's saved cards from every brand. */
export const DELETE = handle(async (_request: Request, context: Context) => {
  const admin = await requireApiAdmin();
  const { id, paymentMethodId } = await context.params;
  if (!/^(pm|card)_[A-Za-z0-9_]{1,100}$/.test(paymentMethodId)) {
    throw new AppError("not_found", "That card is not one of this customer's saved cards.");
  }
  await removeCustomerCard(id, paymentMethodId, admin.id);
  return NextResponse.json({ removed: paymentMethodId });
});
