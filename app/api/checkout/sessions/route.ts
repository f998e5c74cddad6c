import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { createSessionBodySchema } from "@/lib/checkout/cart";
import { createCheckoutSession } from "@/lib/checkout/create-session";
import { handle, readJson } from "@/lib/http";

/** Creates the embedded Checkout Session for the signed-in user's cart. Returns only the client secret. */
export const POST = handle(async (request: Request) => {
  const user = await requireApiUser();
  const body = await readJson(request, createSessionBodySchema);
  const { clientSecret } = await createCheckoutSession(user, body);
  return NextResponse.json({ clientSecret }, { status: 201 });
});
