import { isIP } from "node:net";

/**
 * The one bucket for every request whose client address cannot be trusted.
 *
 * With no trusted proxy (TRUSTED_PROXY_HOPS=0) no forwarding header is believed, and the
 * socket peer cannot be read either: route handlers and next-auth's `authorize` get no
 * socket, and Next.js fills `X-Forwarded-For` with the peer only when the client sent none,
 * so the header cannot tell the two apart. Such requests share this constant bucket, so
 * per-address limits then act as limits for the whole site.
 */
export const UNKNOWN_CLIENT = "unknown";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function forwardedFor(headers: HeaderSource): string[] {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const joined = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  return joined
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** "203.0.113.9:51234" and "[2001:db8::1]:443" are the address without the port. */
function normaliseAddress(entry: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  const withoutPort = bracketed?.[1] ?? entry.replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, "$1");
  return isIP(withoutPort) ? withoutPort.toLowerCase() : null;
}

/**
 * The client address, as `trustedHops` proxies in front of the app report it. Each proxy
 * appends the address it received the request from to X-Forwarded-For, so the client is
 * the `trustedHops`-th entry from the right; everything left of it is what the client
 * claimed and is ignored. X-Real-IP is never read.
 */
export function clientIp(headers: HeaderSource, trustedHops: number): string {
  if (trustedHops <= 0) return UNKNOWN_CLIENT;
  const chain = forwardedFor(headers);
  const entry = chain[chain.length - trustedHops];
  // A shorter chain than configured did not come through every trusted proxy.
  return (entry && normaliseAddress(entry)) ?? UNKNOWN_CLIENT;
}
