import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http";
import { startCardSetup, startCardSetupBodySchema } from "@/lib/org/card-setup";

type Context = { params: Promise<{ id: string }> };

/**
 * Opens an embedded Checkout (setup mode) for an admin to save a card for the customer.
 * The same `submissionId` (one per opening of the dialog) answers with the same session.
 */
export const POST = handle(async (request: Request, context: Context) => {
  const admin = await requireApiAdmin();
  const { id } = await context.params;
  const body = await readJson(request, startCardSetupBodySchema);
  return NextResponse.json(await startCardSetup(id, admin.id, body), { status: 201 });
});
