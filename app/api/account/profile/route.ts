import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { profileInputSchema } from "@/lib/customers/profile-input";
import { updateSharedProfile } from "@/lib/customers/update-profile";
import { handle, readJson } from "@/lib/http";

/** Updates the signed-in shopper's shared profile (every brand sees the shared fields). */
export const PATCH = handle(async (request: Request) => {
  const user = await requireApiUser();
  const profile = await updateSharedProfile(user, await readJson(request, profileInputSchema));
  return NextResponse.json({ profile });
});
