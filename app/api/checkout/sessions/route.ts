import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { createSessionBodySchema } from "@/lib/checkout/cart";
import { createCheckoutSession } from "@/lib/checkout/create-session";
import { handle, readJson } from "@/lib/http";

/**
 * Creates the embedded Checkout Session for the signed-in user's cart. Returns the client
 * secret and the account Stripe.js must be initialised for (nothing about prices or customers).
 */
export const POST = handle(async (request: Request) => {
  const user = await requireApiUser();
  const body = await readJson(request, createSessionBodySchema);
  const { clientSecret, stripeAccount } = await createCheckoutSession(user, body);
  return NextResponse.json({ clientSecret, stripeAccount }, { status: 201 });
});
