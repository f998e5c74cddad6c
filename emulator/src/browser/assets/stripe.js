// @ts-check
/**
 * Stripe.js stand-in served by the local Stripe emulator at /js/stripe.js.
 *
 * It defines `window.Stripe(publishableKey, { stripeAccount })` with just what
 * `@stripe/react-stripe-js` needs for Embedded Checkout (`createEmbeddedCheckoutPage`
 * and the mount/unmount/destroy object), so the unchanged React components render
 * the emulator's checkout page in an iframe. Everything else rejects with an
 * IntegrationError saying the emulator does not support it.
 *
 * A classic script (not a module): `loadStripe` from `@stripe/stripe-js/pure`
 * finds `window.Stripe` and calls it without `new`.
 */
(function () {
  "use strict";

  if (typeof window === "undefined" || typeof window.Stripe === "function") return;

  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  // The emulator's origin and path prefix (everything before /js/stripe.js).
  const scriptUrl = new URL(script && script.src ? script.src : "/js/stripe.js", window.location.href);
  const BASE = scriptUrl.href.replace(/\/js\/stripe\.js(?:[?#].*)?$/, "");
  const EMULATOR_ORIGIN = scriptUrl.origin;
  const MESSAGE_SOURCE = "rocket-stripe-emulator";
  const CLIENT_SECRET = /^cs_(test|live)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/;

  class IntegrationError extends Error {
    /** @param {string} message */
    constructor(message) {
      super(message);
      this.name = "IntegrationError";
      this.type = "integration_error";
    }
  }

  /** @param {string} what */
  function unsupported(what) {
    return new IntegrationError(
      `${what} is not supported by the Stripe emulator's Stripe.js stand-in. It implements Embedded Checkout (createEmbeddedCheckoutPage) only.`,
    );
  }

  /** The one Embedded Checkout allowed per page, as in Stripe.js. */
  let activeCheckout = /** @type {object | null} */ (null);

  /**
   * @typedef {{
   *   clientSecret?: string | null,
   *   fetchClientSecret?: (() => Promise<string>) | null,
   *   onComplete?: () => void,
   *   [key: string]: unknown
   * }} EmbeddedCheckoutOptions
   */

  /**
   * @param {string} publishableKey
   * @param {string | undefined} stripeAccount
   * @param {EmbeddedCheckoutOptions} options
   */
  async function createEmbeddedCheckoutPage(publishableKey, stripeAccount, options) {
    if (!options || typeof options !== "object") {
      throw new IntegrationError("createEmbeddedCheckoutPage: expected an options object.");
    }
    const hasSecret = typeof options.clientSecret === "string" && options.clientSecret !== "";
    const hasFetch = typeof options.fetchClientSecret === "function";
    if (hasSecret === hasFetch) {
      throw new IntegrationError(
        "createEmbeddedCheckoutPage: pass exactly one of `clientSecret` or `fetchClientSecret`.",
      );
    }
    if (options.onComplete !== undefined && typeof options.onComplete !== "function") {
      throw new IntegrationError("createEmbeddedCheckoutPage: `onComplete` must be a function.");
    }
    if (activeCheckout) {
      throw new IntegrationError("You cannot have multiple Embedded Checkout objects.");
    }
    const token = {};
    activeCheckout = token;

    /** @type {string} */
    let clientSecret;
    try {
      const value = hasSecret
        ? options.clientSecret
        : await /** @type {() => Promise<string>} */ (options.fetchClientSecret)();
      if (typeof value !== "string" || !CLIENT_SECRET.test(value)) {
        throw new IntegrationError(
          "Invalid client secret: expected the `client_secret` of an embedded Checkout Session (cs_test_…_secret_…).",
        );
      }
      clientSecret = value;
    } catch (error) {
      if (activeCheckout === token) activeCheckout = null;
      throw error;
    }
    return embeddedCheckout(token, publishableKey, stripeAccount, clientSecret, options);
  }

  /**
   * @param {object} token
   * @param {string} publishableKey
   * @param {string | undefined} stripeAccount
   * @param {string} clientSecret
   * @param {EmbeddedCheckoutOptions} options
   */
  function embeddedCheckout(token, publishableKey, stripeAccount, clientSecret, options) {
    let destroyed = false;
    /** @type {HTMLIFrameElement | null} */
    let iframe = null;

    /** @param {MessageEvent} event */
    function onMessage(event) {
      if (!iframe || event.origin !== EMULATOR_ORIGIN || event.source !== iframe.contentWindow) return;
      const data = event.data;
      if (!data || typeof data !== "object" || data.source !== MESSAGE_SOURCE) return;
      if (data.clientSecret !== clientSecret) return;
      if (data.type === "resize" && typeof data.height === "number" && data.height > 0) {
        iframe.style.height = `${Math.ceil(data.height)}px`;
      } else if (data.type === "complete") {
        complete(typeof data.returnUrl === "string" ? data.returnUrl : null);
      }
    }

    /** @param {string | null} returnUrl */
    function complete(returnUrl) {
      if (typeof options.onComplete === "function") {
        options.onComplete();
        return;
      }
      if (!returnUrl) return;
      const target = new URL(returnUrl, window.location.href);
      if (target.protocol !== "http:" && target.protocol !== "https:") return;
      window.location.assign(target.href);
    }

    window.addEventListener("message", onMessage);

    function assertAlive() {
      if (destroyed) {
        throw new IntegrationError(
          "This Embedded Checkout object has been destroyed. Create a new one with createEmbeddedCheckoutPage.",
        );
      }
    }

    return {
      /** @param {string | HTMLElement} location */
      mount(location) {
        assertAlive();
        if (iframe) throw new IntegrationError("This Embedded Checkout object is already mounted.");
        const container = typeof location === "string" ? document.querySelector(location) : location;
        if (!(container instanceof HTMLElement)) {
          throw new IntegrationError(
            `mount: no element matches ${typeof location === "string" ? `'${location}'` : "the given location"}.`,
          );
        }
        const src = new URL(`${BASE}/checkout/embedded`);
        src.searchParams.set("client_secret", clientSecret);
        src.searchParams.set("origin", window.location.origin);
        src.searchParams.set("key", publishableKey);
        if (stripeAccount) src.searchParams.set("account", stripeAccount);
        const frame = document.createElement("iframe");
        frame.src = src.href;
        frame.title = "Secure checkout";
        frame.name = "embedded-checkout";
        frame.allow = "payment *";
        frame.setAttribute("data-testid", "embedded-checkout-frame");
        frame.style.cssText =
          "display:block;width:100%;min-width:0;height:560px;border:0;background:transparent;";
        container.appendChild(frame);
        iframe = frame;
      },
      unmount() {
        assertAlive();
        if (iframe) iframe.remove();
        iframe = null;
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        window.removeEventListener("message", onMessage);
        if (iframe) iframe.remove();
        iframe = null;
        if (activeCheckout === token) activeCheckout = null;
      },
    };
  }

  /**
   * @param {unknown} publishableKey
   * @param {{ stripeAccount?: string, [key: string]: unknown } | undefined} [options]
   */
  function Stripe(publishableKey, options) {
    if (typeof publishableKey !== "string" || !/^pk_(test|live)_/.test(publishableKey)) {
      throw new IntegrationError(
        "Invalid value for Stripe(): apiKey should be a publishable key (pk_test_…). You specified: " +
          String(publishableKey) +
          ".",
      );
    }
    const stripeAccount =
      options && typeof options.stripeAccount === "string" ? options.stripeAccount : undefined;
    /** @param {string} name */
    const reject = (name) => () => Promise.reject(unsupported(name));
    return {
      /** @param {EmbeddedCheckoutOptions} checkoutOptions */
      createEmbeddedCheckoutPage(checkoutOptions) {
        return createEmbeddedCheckoutPage(publishableKey, stripeAccount, checkoutOptions);
      },
      initEmbeddedCheckout() {
        return Promise.reject(
          new IntegrationError(
            "initEmbeddedCheckout was renamed createEmbeddedCheckoutPage in Stripe.js dahlia.",
          ),
        );
      },
      // Stripe.js's own methods that `@stripe/react-stripe-js` checks for (isStripe guard).
      elements() {
        // Synchronous in Stripe.js, so this throws rather than returning a rejected promise.
        throw unsupported("stripe.elements()");
      },
      createToken: reject("stripe.createToken()"),
      createPaymentMethod: reject("stripe.createPaymentMethod()"),
      confirmCardPayment: reject("stripe.confirmCardPayment()"),
      /** @param {unknown} _wrapper */
      _registerWrapper(_wrapper) {},
      /** @param {unknown} _appInfo */
      registerAppInfo(_appInfo) {},
    };
  }
  Stripe.version = "endive";
  Stripe.emulator = true;

  window.Stripe = /** @type {typeof window.Stripe} */ (/** @type {unknown} */ (Stripe));
})();
