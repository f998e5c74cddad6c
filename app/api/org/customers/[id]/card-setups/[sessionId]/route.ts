import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http";
import { cancelCardSetup, finishCardSetup } from "@/lib/org/card-setup";

type Context = { params: Promise<{ id: string; sessionId: string }> };

async function target(context: Context): Promise<{ id: string; sessionId: string }> {
  await requireApiAdmin();
  const { id, sessionId } = await context.params;
  if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) {
    throw new AppError("not_found", "That card setup is not one of this customer's.");
  }
  return { id, sessionId };
}

/** The card a finished setup saved, checked with Stripe (the dashboard then shows it). */
export const GET = handle(async (_request: Request, context: Context) => {
  const { id, sessionId } = await target(context);
  return NextResponse.json(await finishCardSetup(id, sessionId));
});

/** The dialog closed without saving: expire the setup so its form can no longer save a card. */
export const DELETE = handle(async (_request: Request, context: Context) => {
  const { id, sessionId } = await target(context);
  return NextResponse.json(await cancelCardSetup(id, sessionId));
});
