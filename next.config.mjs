/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The test suite typechecks the whole project (`npm run typecheck`) before it builds, so
  // it asks the build not to do it again; any other build checks types as usual.
  typescript: { ignoreBuildErrors: process.env.SKIP_BUILD_TYPECHECK === "1" },
  reactStrictMode: true,
  experimental: {
    // forbidden() / unauthorized() from next/navigation render real 403/401 pages.
    authInterrupts: true,
    // Next copies the body of each request proxy.ts sees (pages, and API paths with a "%")
    // and reads it to the end before the route runs: cap that copy at 1 MiB. Above every
    // route's own limit (the webhook's 512 KiB), so a route handed a cut copy still says 413.
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
      {
        // JSON answers are per user and per moment: no browser or proxy may keep one. They are
        // small, so they go out as they are: compressing one cost more time and CPU than its
        // bytes (`no-transform` is what turns Next's compression off for a response).
        source: "/api/:path*",
        headers: [{ key: "Cache-Control", value: "no-store, no-transform" }],
      },
    ];
  },
};

export default nextConfig;
