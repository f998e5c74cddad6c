import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http";
import { startCardSetup } from "@/lib/org/card-setup";

type Context = { params: Promise<{ id: string }> };

/** Opens an embedded Checkout (setup mode) for an admin to save a card for the customer. */
export const POST = handle(async (_request: Request, context: Context) => {
  const admin = await requireApiAdmin();
  const { id } = await context.params;
  return NextResponse.json(await startCardSetup(id, admin.id), { status: 201 });
});
