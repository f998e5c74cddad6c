import { NextResponse } from "next/server";
import { z } from "zod";
import { passwordResetLimits } from "@/lib/auth/password-reset-limits";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from "@/lib/auth/password-reset";
import { handle, readJson } from "@/lib/http";
import { requestClientIp } from "@/lib/rate-limits";

// Shape only; requestPasswordReset applies the real rules and reports them per field.
const body = z.object({ email: z.unknown() }).partial();

/** Asks for a forgotten-password link: the same answer whether or not the account exists. */
export const POST = handle(async (request: Request) => {
  await requestPasswordReset(await readJson(request, body), {
    admit: async (email) => {
      const limits = passwordResetLimits();
      await limits.perIp.take(requestClientIp(request.headers));
      await limits.perEmail.take(email);
    },
  });
  return NextResponse.json({ message: RESET_REQUESTED_MESSAGE }, { status: 202 });
});
