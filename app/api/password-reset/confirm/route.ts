import { NextResponse } from "next/server";
import { z } from "zod";
import { passwordResetLimits } from "@/lib/auth/password-reset-limits";
import { resetPassword } from "@/lib/auth/password-reset";
import { handle, readJson } from "@/lib/http";
import { requestClientIp } from "@/lib/rate-limits";

const body = z.object({ token: z.unknown(), password: z.unknown() }).partial();

/** Sets a new password with a link's token; the user's sessions end with the old password. */
export const POST = handle(async (request: Request) => {
  await resetPassword(await readJson(request, body), {
    admit: () => passwordResetLimits().perIp.take(requestClientIp(request.headers)),
  });
  return NextResponse.json({ message: "Your password is changed. Sign in with it." });
});
