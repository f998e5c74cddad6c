import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { isWellFormedPath } from "@/lib/paths";
import { newNonce, pageSecurityHeaders, type PageSecurityConfig } from "@/lib/security-headers";

/**
 * Runs before routing, for pages and for API paths with a percent sign (see
 * `config`): gives every page its Content-Security-Policy nonce and security
 * headers, and answers a path whose percent-encoding is malformed (`/%ff`) or that
 * decodes to a control character (`/%00`: PostgreSQL refuses NUL in text) with a 404
 * before Next's router, or the database, fails on it with a 500.
 *
 * It does not run for other API requests: Next buffers the whole body of every
 * request a proxy sees before the route runs, which would undo the routes'
 * streaming size limits (lib/http.ts `readBody`). The cross-site refusal lives in
 * `handle()` for the same reason, and API headers are static (next.config.mjs).
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname } = new URL(request.url);
  const api = pathname === "/api" || pathname.startsWith("/api/");
  const malformed = !isWellFormedPath(pathname);
  if (api) {
    return malformed
      ? NextResponse.json(
          { error: { code: "not_found", message: "There is nothing at this address." } },
          { status: 404 },
        )
      : NextResponse.next();
  }

  const headers = pageSecurityHeaders(securityConfig(), newNonce());
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = malformed
    ? NextResponse.rewrite(new URL(NOT_FOUND_PAGE, request.url), { request: { headers: requestHeaders } })
    : NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// No route has this many segments: rendering it shows the app's not-found page with a 404.
const NOT_FOUND_PAGE = "/not-found/of/this/address";

let cachedSecurityConfig: PageSecurityConfig | undefined;
function securityConfig(): PageSecurityConfig {
  const settings = env();
  cachedSecurityConfig ??= {
    appUrl: settings.APP_URL,
    stripeApiBase: settings.STRIPE_API_BASE,
    stripeJsUrl: settings.stripeJsUrl,
    development: settings.NODE_ENV === "development",
  };
  return cachedSecurityConfig;
}

export const config = {
  matcher: [
    // Every page (static build files excepted).
    "/((?!api/|_next/static/|_next/image).*)",
    // API paths with a percent sign: the only ones that can be malformed.
    "/api/(.*%.*)",
  ],
};
