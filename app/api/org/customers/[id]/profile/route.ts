import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { profileInputSchema } from "@/lib/customers/profile-input";
import { handle, readJson } from "@/lib/http";
import { updateCustomerProfile } from "@/lib/org/customer-actions";

type Context = { params: Promise<{ id: string }> };

/** An admin's edit of the customer's shared profile (every brand sees the shared fields). */
export const PATCH = handle(async (request: Request, context: Context) => {
  const admin = await requireApiAdmin();
  const { id } = await context.params;
  const profile = await updateCustomerProfile(id, await readJson(request, profileInputSchema), admin.id);
  return NextResponse.json({ profile });
});
