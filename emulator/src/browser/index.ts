import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough, type Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { answerAsset, AssetSet, loadAsset, type Asset, type AssetAnswer } from "../http/assets.js";
import type { Faults } from "../control/faults.js";
import type { Env } from "../http/pipeline.js";
import { checkoutPage, noticePage, pickLocale } from "./page.js";
import { keyMismatch, pageViewSchema, sharingInfo, type PageView } from "./view.js";

/**
 * The browser half of the emulator:
 * - `GET /js/stripe.js`: the Stripe.js stand-in (`window.Stripe`, Embedded Checkout only);
 * - `GET /checkout/embedded?client_secret=…&origin=…&key=…&account=…`: the embedded Checkout
 *   page the stand-in mounts in an iframe;
 * - `GET /checkout/assets/:file`: its script and styles.
 * The page pays through the control routes under `/_emulator/checkout/…`.
 */

const ASSET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");

/** `http(s)://host[:port]` exactly, or null. */
export function parseOrigin(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  try {
    const url = new URL(value);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== value) return null;
    return url.origin;
  } catch {
    return null;
  }
}

function queryString(req: FastifyRequest, name: string): string | null {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : null;
}

function sendAsset(reply: FastifyReply, answer: AssetAnswer, crossOrigin = false): string {
  void reply.code(answer.status).headers(answer.headers);
  // stripe.js is loaded by the apps' own pages, from their origin.
  if (crossOrigin) {
    void reply
      .header("access-control-allow-origin", "*")
      .header("cross-origin-resource-policy", "cross-origin");
  }
  return answer.body;
}

function pageHeaders(reply: FastifyReply, nonce: string, parentOrigin: string | null): void {
  const ancestors = parentOrigin ? `'self' ${parentOrigin}` : "'self'";
  void reply
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    // The URL carries the client secret: never send it to another origin.
    .header("referrer-policy", "same-origin")
    .header(
      "content-security-policy",
      [
        "default-src 'none'",
        "script-src 'self'",
        `style-src 'self' 'nonce-${nonce}'`,
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        `frame-ancestors ${ancestors}`,
      ].join("; "),
    );
}

/**
 * The API call real Checkout's page makes before it shows anything: it asks Stripe for the
 * session (`POST /v1/payment_pages/:session/init`, with the publishable key). This page reads the
 * session on the server instead, so the API's fault rules (latency, failures) apply to that read
 * under the same path: a rule on `/v1/*` slows or fails the page as it would slow or fail real
 * Checkout.
 */
export function paymentPageInitPath(clientSecret: string): string {
  return `/v1/payment_pages/${clientSecret.split("_secret_")[0] ?? ""}/init`;
}

export function registerBrowserRoutes(app: FastifyInstance, env: Env, faults: Pick<Faults, "decide">): void {
  const assets = new AssetSet(ASSET_DIR, ["checkout.js", "checkout.css"]);
  const stripeJs = loadAsset(ASSET_DIR, "stripe.js");
  const css = assets.get("checkout.css") as Asset;

  app.get("/js/stripe.js", async (req, reply) => sendAsset(reply, answerAsset(stripeJs, req), true));

  app.get("/checkout/assets/:file", async (req, reply) => {
    const { file } = req.params as { file: string };
    return sendAsset(reply, answerAsset(assets.get(file), req));
  });

  app.get("/checkout/embedded", async (req, reply) => {
    // A slow init call holds back the page's body, not its head (see `bodyAfter`).
    let initDelayMs = 0;
    const html = await embeddedPage(req, reply, (delayMs) => (initDelayMs = delayMs));
    return initDelayMs > 0 ? bodyAfter(html, initDelayMs) : html;
  });

  async function embeddedPage(
    req: FastifyRequest,
    reply: FastifyReply,
    delayInit: (delayMs: number) => void,
  ): Promise<string> {
    const nonce = randomBytes(16).toString("base64");
    const clientSecret = queryString(req, "client_secret");
    const parentOrigin = parseOrigin(queryString(req, "origin"));
    const acceptLanguage = req.headers["accept-language"];
    pageHeaders(reply, nonce, parentOrigin);

    const notice = (
      status: number,
      kind: "expired" | "complete" | "not_found" | "error",
      title: string,
      message: string,
      view: PageView | null,
    ): string => {
      void reply.code(status);
      const branding = view?.account.branding ?? null;
      return noticePage({
        kind,
        title,
        message,
        branding,
        brandName: branding?.display_name ?? view?.account.name ?? null,
        locale: pickLocale(view?.session.locale ?? null, acceptLanguage),
        nonce,
        assetVersion: assets.version,
        parentOrigin,
        clientSecret,
        css: css.body,
      });
    };

    if (!clientSecret) {
      return notice(400, "error", "Checkout could not load", "This page needs a client_secret.", null);
    }
    const res = await app.inject({
      method: "GET",
      url: `/_emulator/checkout/sessions/by-secret/${encodeURIComponent(clientSecret)}`,
    });
    // The page's init call acts in the session's account, so a rule naming an account applies.
    const sessionAccount =
      res.statusCode === 200 ? (res.json() as { account?: { id?: unknown } }).account?.id : null;
    const fault = faults.decide(
      "POST",
      paymentPageInitPath(clientSecret),
      Math.random,
      typeof sessionAccount === "string" ? sessionAccount : null,
    );
    if (fault?.delayMs) delayInit(fault.delayMs);
    if (fault?.status) {
      return notice(
        fault.status,
        "error",
        "Checkout could not load",
        "Something went wrong on our side. Please try again.",
        null,
      );
    }
    if (res.statusCode === 404) {
      return notice(
        404,
        "not_found",
        "Checkout session not found",
        "This checkout link is not valid. Go back to the store and start checkout again.",
        null,
      );
    }
    const parsed = res.statusCode === 200 ? pageViewSchema.safeParse(res.json()) : null;
    if (!parsed?.success) {
      req.log.error(
        { status: res.statusCode, error: parsed?.error?.message },
        "checkout page: bad session view",
      );
      return notice(
        500,
        "error",
        "Checkout could not load",
        "Something went wrong on our side. Please try again.",
        null,
      );
    }
    const view = parsed.data;
    const mismatch = keyMismatch(
      env.world,
      queryString(req, "key"),
      queryString(req, "account"),
      view.account.id,
    );
    if (mismatch) {
      return notice(404, "not_found", "Checkout session not found", mismatch, null);
    }
    const setup = view.session.mode === "setup";
    if (view.session.status === "expired") {
      return notice(
        200,
        "expired",
        "This checkout session has expired",
        setup
          ? "No card was saved. Go back and start again."
          : "Nothing was charged. Go back to the store and start checkout again.",
        view,
      );
    }
    if (view.session.status === "complete") {
      return notice(
        200,
        "complete",
        "This checkout session is already complete",
        setup
          ? "Your card is saved. There is nothing more to do here."
          : "Your payment went through. There is nothing more to pay here.",
        view,
      );
    }
    const locale = pickLocale(view.session.locale, acceptLanguage);
    return checkoutPage({
      view,
      sharing: sharingInfo(env.world, view.account.id),
      locale,
      parentOrigin,
      clientSecret,
      nonce,
      assetVersion: assets.version,
      css: css.body,
    });
  }
}

/**
 * The page with its body `delayMs` after its head. Real Checkout's page is static (its script and
 * styles load at once) and then waits on its init call to Stripe; here the page is one response,
 * so a slowed init call holds back what that call's answer fills in (the body), while the browser
 * already commits the frame, applies the styles and fetches the script.
 */
function bodyAfter(html: string, delayMs: number): Readable {
  const head = html.indexOf("</head>");
  const headEnd = head === -1 ? 0 : head + "</head>".length;
  const page = new PassThrough();
  page.write(html.slice(0, headEnd));
  setTimeout(() => page.end(html.slice(headEnd)), delayMs);
  return page;
}
