import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { safeCallbackPath } from "@/lib/auth/validation";
import { env } from "@/lib/env";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: NextAuthContext): Promise<Response> {
  // next-auth answers 500 to a `callbackUrl` query it cannot parse: hand it a safe one instead.
  const query = request.nextUrl.searchParams;
  const callbackUrl = query.get("callbackUrl");
  if (callbackUrl !== null) query.set("callbackUrl", safeCallbackPath(callbackUrl, env().APP_URL));
  return NextAuth(request, { params: await context.params }, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
