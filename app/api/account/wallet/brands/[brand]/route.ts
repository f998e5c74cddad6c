import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http";
import { brandChoiceInputSchema } from "@/lib/wallet/brand-choice-input";
import { changeBrandChoice } from "@/lib/wallet/wallet";

type Context = { params: Promise<{ brand: string }> };

/** The signed-in shopper decides whether a brand's checkout offers their saved cards. */
export const PUT = handle(async (request: Request, context: Context) => {
  const user = await requireApiUser();
  const { brand } = await context.params;
  const { offerSavedCards } = await readJson(request, brandChoiceInputSchema);
  const choice = await changeBrandChoice(user.id, { id: user.id, role: "shopper" }, brand, offerSavedCards);
  return NextResponse.json({ choice });
});
