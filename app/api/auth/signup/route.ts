import { NextResponse } from "next/server";
import { z } from "zod";
import { registerUser } from "@/lib/auth/sign-up";
import { handle, readJson } from "@/lib/http";
import { requestClientIp, signUpLimit } from "@/lib/rate-limits";

// Shape only; registerUser applies the real rules and reports them per field.
const body = z.object({ name: z.unknown(), email: z.unknown(), password: z.unknown() }).partial();

export const POST = handle(async (request: Request) => {
  const user = await registerUser(await readJson(request, body), {
    admit: () => signUpLimit().take(requestClientIp(request.headers)),
  });
  return NextResponse.json({ user: { id: user.id, email: user.email } }, { status: 201 });
});
