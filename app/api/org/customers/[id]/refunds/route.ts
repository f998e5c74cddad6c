import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http";
import { refundInputSchema } from "@/lib/org/refund-input";
import { refundPayment } from "@/lib/org/refunds";

type Context = { params: Promise<{ id: string }> };

/** Refunds all or part of one of the customer's payments, in the payment's own account. */
export const POST = handle(async (request: Request, context: Context) => {
  const admin = await requireApiAdmin();
  const { id } = await context.params;
  const input = await readJson(request, refundInputSchema);
  const result = await refundPayment(id, input, admin.id);
  return NextResponse.json(result, { status: result.replayed ? 200 : 201 });
});
