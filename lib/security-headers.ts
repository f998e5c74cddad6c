/**
 * The headers every page is sent with (proxy.ts sets them per request): a
 * Content-Security-Policy whose scripts need this response's nonce, Permissions-Policy,
 * and Strict-Transport-Security when the app is served over https.
 */
export interface PageSecurityConfig {
  /** APP_URL: where the app is reached. */
  appUrl: string;
  /** STRIPE_API_BASE: the emulator, or real Stripe. */
  stripeApiBase: string;
  /** The Stripe.js stand-in the browser loads (the emulator's), or null for real Stripe.js. */
  stripeJsUrl: string | null;
  /** `next dev`: React's dev tools need eval and inline styles. */
  development: boolean;
}

/**
 * Origins Stripe documents for Stripe.js and embedded Checkout (its security guide's
 * Content-Security-Policy section).
 */
const REAL_STRIPE = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com", "https://maps.googleapis.com"],
  frame: [
    "https://js.stripe.com",
    "https://*.js.stripe.com",
    "https://hooks.stripe.com",
    "https://checkout.stripe.com",
  ],
  connect: ["https://api.stripe.com", "https://checkout.stripe.com", "https://maps.googleapis.com"],
  image: ["https://*.stripe.com"],
  payment: ["https://js.stripe.com", "https://checkout.stripe.com"],
};

function stripeOrigins(config: PageSecurityConfig) {
  if (config.stripeJsUrl === null) return REAL_STRIPE;
  // The emulator serves the stand-in, the Checkout iframe and its API from its own origin(s).
  const origins = [...new Set([new URL(config.stripeJsUrl).origin, new URL(config.stripeApiBase).origin])];
  return { script: origins, frame: origins, connect: origins, image: [], payment: origins };
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))));
}

export function contentSecurityPolicy(config: PageSecurityConfig, nonce: string): string {
  const stripe = stripeOrigins(config);
  const https = new URL(config.appUrl).protocol === "https:";
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // No 'strict-dynamic': Next's chunks and Stripe.js load by origin, inline scripts by nonce.
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      ...stripe.script,
      ...(config.development ? ["'unsafe-eval'"] : []),
    ],
    // Inline <style> needs the nonce (React's dev overlay injects its own, hence dev's
    // 'unsafe-inline'); style="" attributes (brand colours) are allowed, as they run no code.
    ["style-src", "'self'", ...(config.development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", ...stripe.image],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...stripe.connect],
    ["frame-src", ...stripe.frame],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'self'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((directive) => directive.join(" ")).join("; ");
}

export function pageSecurityHeaders(config: PageSecurityConfig, nonce: string): Record<string, string> {
  const payment = stripeOrigins(config).payment.map((origin) => `"${origin}"`);
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(config, nonce),
    // Features the app never uses are off for it and every frame; payment (wallets) only for Stripe's
    // Checkout. Only features browsers know: an unknown one (e.g. `bluetooth`) is a console error
    // on every page.
    "Permissions-Policy": [
      "camera=()",
      "microphone=()",
      "geolocation=()",
      "usb=()",
      "serial=()",
      "browsing-topics=()",
      `payment=(self ${payment.join(" ")})`,
    ].join(", "),
  };
  if (new URL(config.appUrl).protocol === "https:") {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}
