import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { handle } from "@/lib/http";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: NextAuthContext): Promise<Response> {
  return NextAuth(request, { params: await context.params }, authOptions()) as Promise<Response>;
}

// next-auth checks its own CSRF token too; handle() adds the app's cross-site refusal.
const guarded = handle(handler);
export { guarded as GET, guarded as POST };
