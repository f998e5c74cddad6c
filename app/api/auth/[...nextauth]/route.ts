import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: NextAuthContext): Promise<Response> {
  return NextAuth(request, { params: await context.params }, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
