import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { createSessionBodySchema } from "@/lib/checkout/cart";
import { createCheckoutSession } from "@/lib/checkout/create-session";
import { handle, readJson } from "@/lib/http";
import { checkoutSessionLimits, requestClientIp } from "@/lib/rate-limits";

/**
 * Creates the embedded Checkout Session for the signed-in user's cart. Returns the session id,
 * its client secret and the account Stripe.js must be initialised for (nothing about prices or
 * customers). A cart that is already paid is answered 409, with the reason.
 * Each well-formed request counts against the user's and the address's checkout limits
 * before any Stripe call; a malformed one is answered 400 without counting.
 */
export const POST = handle(async (request: Request) => {
  const user = await requireApiUser();
  const body = await readJson(request, createSessionBodySchema);
  const limits = checkoutSessionLimits();
  await limits.perUser.take(user.id);
  await limits.perIp.take(requestClientIp(request.headers));
  const { sessionId, clientSecret, stripeAccount } = await createCheckoutSession(user, body);
  return NextResponse.json({ sessionId, clientSecret, stripeAccount }, { status: 201 });
});
