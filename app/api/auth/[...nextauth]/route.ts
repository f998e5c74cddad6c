import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { safeCallbackPath } from "@/lib/auth/validation";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handle, readBody } from "@/lib/http";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * next-auth reads a POST body whole and unchecked: the body is read here first,
 * through the app's counting reader (413 past 16 KiB, 400 for broken JSON), and
 * next-auth gets a copy of what arrived. It also answers 500 to a `callbackUrl`
 * query it cannot parse, so it is handed a safe one instead.
 */
async function boundedCopy(request: NextRequest): Promise<NextRequest> {
  const url = new URL(request.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  if (callbackUrl !== null) url.searchParams.set("callbackUrl", safeCallbackPath(callbackUrl, env().APP_URL));
  if (request.method !== "POST" || !request.body) {
    return callbackUrl === null
      ? request
      : new NextRequest(url, { method: request.method, headers: request.headers });
  }
  const body = await readBody(request, BODY_LIMIT_BYTES);
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      JSON.parse(body);
    } catch {
      throw new AppError("bad_request", "The request body is not valid JSON.");
    }
  }
  return new NextRequest(url, { method: request.method, headers: request.headers, body });
}

async function handler(request: NextRequest, context: NextAuthContext): Promise<Response> {
  const bounded = await boundedCopy(request);
  return NextAuth(bounded, { params: await context.params }, authOptions()) as Promise<Response>;
}

// next-auth checks its own CSRF token too; handle() adds the app's cross-site refusal.
const guarded = handle(handler);
export { guarded as GET, guarded as POST };
