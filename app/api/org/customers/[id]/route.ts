import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";
import { customerDetail } from "@/lib/org/customer-detail";

type Context = { params: Promise<{ id: string }> };

/** One customer across every brand: profile, saved cards, timeline and spend. */
export const GET = handle(async (_request: Request, context: Context) => {
  await requireApiAdmin();
  const { id } = await context.params;
  const detail = await customerDetail(id);
  if (!detail) throw new AppError("not_found", "There is no such customer.");
  return NextResponse.json(detail);
});
