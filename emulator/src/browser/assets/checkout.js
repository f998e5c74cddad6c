// @ts-check
/**
 * Behaviour of the emulator's embedded Checkout page (served at /checkout/embedded).
 * The server renders the whole page; this module validates the card form, pays through
 * the emulator's control routes, runs the 3D Secure step and tells the embedding page
 * (the Stripe.js stand-in) when the session completes.
 */

const MESSAGE_SOURCE = "rocket-stripe-emulator";

/**
 * @typedef {{ id: string, label: string }} SavedCardData
 * @typedef {{
 *   sessionId?: string,
 *   clientSecret: string | null,
 *   parentOrigin: string | null,
 *   locale?: string,
 *   returnUrl?: string | null,
 *   redirectOnCompletion?: string | null,
 *   emailLocked?: boolean,
 *   savedCards?: SavedCardData[],
 *   total?: string,
 *   outcomeVerb?: string,
 *   brandLabels?: Record<string, string>,
 *   notice?: string,
 * }} PageData
 * @typedef {{ type?: string, code?: string, decline_code?: string, message?: string }} ApiError
 * @typedef {{ status?: string, error?: ApiError, session?: { id: string } }} ConfirmResponse
 */

const dataElement = document.getElementById("checkout-data");
/** @type {PageData} */
const data = JSON.parse(dataElement?.textContent ?? "{}");

const embedded = window.parent !== window && typeof data.parentOrigin === "string";

/**
 * Posts to the embedding page only, and only to the origin it was opened for.
 * @param {string} type
 * @param {Record<string, unknown>} [extra]
 */
function notifyParent(type, extra = {}) {
  if (!embedded || !data.parentOrigin) return;
  window.parent.postMessage(
    { source: MESSAGE_SOURCE, type, clientSecret: data.clientSecret, ...extra },
    data.parentOrigin,
  );
}

// ------------------------------------------------------------------ iframe height

const root = /** @type {HTMLElement} */ (document.querySelector(".checkout") ?? document.body);
let lastHeight = 0;
function reportHeight() {
  const height = Math.ceil(root.getBoundingClientRect().height);
  if (height > 0 && height !== lastHeight) {
    lastHeight = height;
    notifyParent("resize", { height });
  }
}
new ResizeObserver(reportHeight).observe(root);
reportHeight();

if (!data.notice) setUpCheckout();

// ------------------------------------------------------------------ the checkout form

function setUpCheckout() {
  const $ = /** @param {string} id */ (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const input = /** @param {string} id */ (id) =>
    /** @type {HTMLInputElement} */ (document.getElementById(id));

  const form = /** @type {HTMLFormElement} */ ($("pay-form"));
  const payButton = /** @type {HTMLButtonElement} */ ($("pay-button"));
  const formError = $("form-error");
  const cardFields = $("card-fields");
  const savedPanel = document.getElementById("saved-cards-panel");
  const useNew = /** @type {HTMLButtonElement | null} */ (document.getElementById("use-new-card"));
  const useSaved = /** @type {HTMLButtonElement | null} */ (document.getElementById("use-saved-card"));
  const challenge = $("challenge");
  const challengeComplete = /** @type {HTMLButtonElement} */ ($("challenge-complete"));
  const challengeFail = /** @type {HTMLButtonElement} */ ($("challenge-fail"));
  const challengeStatus = $("challenge-status");
  const success = $("success");

  const email = input("email");
  const number = input("card-number");
  const brandChip = $("card-brand");
  const expiry = input("card-expiry");
  const cvc = input("card-cvc");
  const name = input("card-name");
  const country = /** @type {HTMLSelectElement} */ (document.getElementById("country"));
  const postal = input("postal-code");
  const save = /** @type {HTMLInputElement | null} */ (document.getElementById("save-card"));

  const savedCards = data.savedCards ?? [];
  /** @type {"saved" | "new"} */
  let mode = savedCards.length > 0 ? "saved" : "new";
  let inFlight = false;
  /** What the shopper paid with, for the confirmation. */
  let paidWith = "";

  // ---------------------------------------------------------------- card helpers

  /** @param {string} digits */
  function brandOf(digits) {
    if (/^4/.test(digits)) return "visa";
    if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return "mastercard";
    if (/^3[47]/.test(digits)) return "amex";
    if (/^(6011|65|64[4-9])/.test(digits)) return "discover";
    if (/^(36|30[0-5]|38|39)/.test(digits)) return "diners";
    if (/^35(2[89]|[3-8])/.test(digits)) return "jcb";
    if (/^62/.test(digits)) return "unionpay";
    return "unknown";
  }

  /** The page's brand labels (one spelling for the page and this script). */
  const BRAND_LABELS = data.brandLabels ?? {};

  /** @param {string} brand */
  function lengthsOf(brand) {
    if (brand === "amex") return [15];
    if (brand === "diners") return [14, 16];
    if (brand === "unionpay" || brand === "visa") return [16, 19];
    return [16];
  }

  /** @param {string} digits */
  function luhn(digits) {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return digits.length > 0 && sum % 10 === 0;
  }

  /** @param {string} digits @param {string} brand */
  function groupDigits(digits, brand) {
    const groups =
      brand === "amex" ? [4, 6, 5] : brand === "diners" && digits.length <= 14 ? [4, 6, 4] : [4, 4, 4, 4, 3];
    const out = [];
    let at = 0;
    for (const size of groups) {
      if (at >= digits.length) break;
      out.push(digits.slice(at, at + size));
      at += size;
    }
    return out.join(" ");
  }

  const digitsOf = /** @param {string} v */ (v) => v.replace(/\D/g, "");

  // ---------------------------------------------------------------- validation

  /** @type {Record<string, () => string>} */
  const validators = {
    email() {
      if (data.emailLocked) return "";
      const value = email.value.trim();
      if (value === "") return "Your email address is incomplete.";
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return "Your email address is invalid.";
      return "";
    },
    "card-number"() {
      const digits = digitsOf(number.value);
      const brand = brandOf(digits);
      const lengths = lengthsOf(brand);
      if (digits.length === 0) return "Your card number is incomplete.";
      if (digits.length < Math.min(...lengths)) return "Your card number is incomplete.";
      if (!lengths.includes(digits.length) || !luhn(digits)) return "Your card number is invalid.";
      return "";
    },
    "card-expiry"() {
      const digits = digitsOf(expiry.value);
      if (digits.length < 4) return "Your card's expiration date is incomplete.";
      const month = Number(digits.slice(0, 2));
      const year = 2000 + Number(digits.slice(2, 4));
      if (month < 1 || month > 12) return "Your card's expiration date is invalid.";
      const now = new Date();
      const thisYear = now.getFullYear();
      if (year < thisYear) return "Your card's expiration year is in the past.";
      if (year === thisYear && month < now.getMonth() + 1)
        return "Your card's expiration date is in the past.";
      if (year > thisYear + 50) return "Your card's expiration year is invalid.";
      return "";
    },
    "card-cvc"() {
      const digits = digitsOf(cvc.value);
      const needed = brandOf(digitsOf(number.value)) === "amex" ? 4 : 3;
      if (digits.length < needed) return "Your card's security code is incomplete.";
      if (digits.length > needed) return "Your card's security code is invalid.";
      return "";
    },
    "card-name"() {
      return name.value.trim() === "" ? "Enter the name on your card." : "";
    },
    "postal-code"() {
      const value = postal.value.trim();
      const c = country.value;
      if (c === "US") {
        if (value === "") return "Your ZIP code is incomplete.";
        if (!/^\d{5}(-?\d{4})?$/.test(value)) return "Your ZIP code is invalid.";
      } else if (c === "CA" || c === "GB") {
        if (value === "") return "Your postal code is incomplete.";
        const ok =
          c === "CA" ? /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/ : /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/;
        if (!ok.test(value)) return "Your postal code is invalid.";
      }
      return "";
    },
  };

  /** @param {string} id @param {string} message */
  function showFieldError(id, message) {
    const field = $(id);
    const error = $(`${id}-error`);
    error.textContent = message;
    if (message) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
    field.closest(".field")?.classList.toggle("has-error", Boolean(message));
  }

  /** @param {string} id @returns {boolean} */
  function check(id) {
    const validate = validators[id];
    if (!validate) return true;
    const message = validate();
    showFieldError(id, message);
    return message === "";
  }

  function fieldsToCheck() {
    const ids = ["email"];
    if (mode === "new") ids.push("card-number", "card-expiry", "card-cvc", "card-name", "postal-code");
    return ids;
  }

  for (const id of Object.keys(validators)) {
    const el = $(id);
    el.addEventListener("blur", () => {
      const value = /** @type {HTMLInputElement} */ (el).value;
      if (value !== "" || el.getAttribute("aria-invalid") === "true") check(id);
    });
    el.addEventListener("input", () => {
      if (el.getAttribute("aria-invalid") === "true") check(id);
    });
  }
  country.addEventListener("change", () => {
    if (postal.getAttribute("aria-invalid") === "true" || postal.value !== "") check("postal-code");
  });

  // ---------------------------------------------------------------- input formatting

  number.addEventListener("input", () => {
    const atEnd = number.selectionStart === number.value.length;
    const brand = brandOf(digitsOf(number.value));
    const max = Math.max(...lengthsOf(brand));
    const digits = digitsOf(number.value).slice(0, max);
    const formatted = groupDigits(digits, brand);
    if (formatted !== number.value) {
      number.value = formatted;
      if (atEnd) number.setSelectionRange(formatted.length, formatted.length);
    }
    const label = digits.length > 0 ? (BRAND_LABELS[brand] ?? "") : "";
    brandChip.dataset["brand"] = label ? brand : "unknown";
    if (brandChip.textContent !== label) brandChip.textContent = label;
    cvc.maxLength = brand === "amex" ? 4 : 3;
  });

  expiry.addEventListener("input", (event) => {
    const deleting = event instanceof InputEvent && event.inputType.startsWith("delete");
    let digits = digitsOf(expiry.value).slice(0, 4);
    if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
    let formatted = digits;
    if (digits.length > 2) formatted = `${digits.slice(0, 2)} / ${digits.slice(2)}`;
    else if (digits.length === 2 && !deleting) formatted = `${digits} / `;
    if (formatted !== expiry.value) expiry.value = formatted;
  });

  cvc.addEventListener("input", () => {
    const digits = digitsOf(cvc.value).slice(0, cvc.maxLength > 0 ? cvc.maxLength : 4);
    if (digits !== cvc.value) cvc.value = digits;
  });

  // ---------------------------------------------------------------- saved card / new card

  /** @param {"saved" | "new"} next */
  function setMode(next) {
    mode = next;
    cardFields.hidden = mode !== "new";
    if (savedPanel) savedPanel.hidden = mode !== "saved";
    if (useNew) useNew.setAttribute("aria-expanded", String(mode === "new"));
    clearFormError();
    reportHeight();
  }

  useNew?.addEventListener("click", () => {
    setMode("new");
    number.focus();
  });
  useSaved?.addEventListener("click", () => {
    setMode("saved");
    const checked = /** @type {HTMLInputElement | null} */ (
      document.querySelector('input[name="payment_method"]:checked')
    );
    checked?.focus();
  });
  document.querySelectorAll('input[name="payment_method"]').forEach((radio) => {
    radio.addEventListener("change", clearFormError);
  });

  // ---------------------------------------------------------------- errors and busy state

  /** @param {string} message */
  function showFormError(message) {
    formError.textContent = message;
    formError.classList.toggle("visible", message !== "");
    reportHeight();
  }
  function clearFormError() {
    showFormError("");
  }

  /** @param {boolean} busy */
  function setBusy(busy) {
    payButton.disabled = busy;
    payButton.setAttribute("aria-busy", String(busy));
    payButton.classList.toggle("busy", busy);
    payButton.textContent = busy ? "Processing…" : (payButton.dataset["label"] ?? "Pay");
    form.querySelectorAll("input, select, button.link-button").forEach((el) => {
      /** @type {HTMLInputElement} */ (el).disabled = busy;
    });
  }

  // ---------------------------------------------------------------- talking to the emulator

  /**
   * @param {string} path
   * @param {Record<string, unknown>} body
   * @returns {Promise<{ ok: boolean, status: number, body: ConfirmResponse }>}
   */
  async function post(path, body) {
    const res = await fetch(
      `/_emulator/checkout/sessions/${encodeURIComponent(data.sessionId ?? "")}/${path}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_secret: data.clientSecret, ...body }),
        credentials: "omit",
      },
    );
    /** @type {ConfirmResponse} */
    let parsed = {};
    try {
      parsed = await res.json();
    } catch {
      parsed = {};
    }
    return { ok: res.ok, status: res.status, body: parsed };
  }

  const NETWORK_ERROR = "We could not reach the payment server. Check your connection and try again.";
  const AUTH_FAILED =
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

  /** @param {{ ok: boolean, status: number, body: ConfirmResponse }} res */
  function handleOutcome(res) {
    const { body } = res;
    if (body.status === "complete") return showSuccess();
    if (body.status === "requires_action") return showChallenge();
    if (body.status === "authentication_failed") return backToForm(AUTH_FAILED);
    if (body.status === "declined") return backToForm(body.error?.message ?? "Your card was declined.");
    const error = body.error;
    if (error?.code === "checkout_session_expired") return showExpired();
    return backToForm(error?.message ?? "Something went wrong. Please try again.");
  }

  /** @param {string} message */
  function backToForm(message) {
    challenge.hidden = true;
    form.hidden = false;
    inFlight = false;
    setBusy(false);
    showFormError(message);
    // Disabling the form while paying dropped the focus: give it back to the Pay button.
    if (document.activeElement === document.body || document.activeElement === null) payButton.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (inFlight) return;
    clearFormError();
    const invalid = fieldsToCheck().filter((id) => !check(id));
    if (invalid.length > 0) {
      $(invalid[0] ?? "email").focus();
      return;
    }
    /** @type {Record<string, unknown>} */
    const body = {};
    if (!data.emailLocked) body["email"] = email.value.trim();
    if (mode === "saved") {
      const checked = /** @type {HTMLInputElement | null} */ (
        document.querySelector('input[name="payment_method"]:checked')
      );
      if (!checked) {
        showFormError("Choose a saved card, or use another card.");
        return;
      }
      body["payment_method"] = checked.value;
      paidWith = savedCards.find((c) => c.id === checked.value)?.label ?? "";
    } else {
      const digits = digitsOf(number.value);
      const exp = digitsOf(expiry.value);
      body["card"] = {
        number: digits,
        exp_month: Number(exp.slice(0, 2)),
        exp_year: 2000 + Number(exp.slice(2, 4)),
        cvc: digitsOf(cvc.value),
        name: name.value.trim(),
        country: country.value,
        postal_code: postal.value.trim(),
      };
      if (save) body["save_payment_method"] = save.checked;
      paidWith = `${BRAND_LABELS[brandOf(digits)] ?? "Card"} •••• ${digits.slice(-4)}`;
    }
    inFlight = true;
    setBusy(true);
    try {
      handleOutcome(await post("confirm", body));
    } catch {
      backToForm(NETWORK_ERROR);
    }
  });

  // ---------------------------------------------------------------- 3D Secure

  function showChallenge() {
    form.hidden = true;
    challenge.hidden = false;
    challengeStatus.textContent = "";
    challengeComplete.disabled = false;
    challengeFail.disabled = false;
    $("challenge-title").focus();
    reportHeight();
  }

  /** @param {boolean} ok */
  async function authenticate(ok) {
    if (challengeComplete.disabled) return;
    challengeComplete.disabled = true;
    challengeFail.disabled = true;
    challengeStatus.textContent = ok ? "Confirming with your bank…" : "Cancelling…";
    try {
      handleOutcome(await post("authenticate", { success: ok }));
    } catch {
      challengeComplete.disabled = false;
      challengeFail.disabled = false;
      challengeStatus.textContent = NETWORK_ERROR;
    }
  }
  challengeComplete.addEventListener("click", () => void authenticate(true));
  challengeFail.addEventListener("click", () => void authenticate(false));

  // ---------------------------------------------------------------- outcomes

  function showSuccess() {
    form.hidden = true;
    challenge.hidden = true;
    success.hidden = false;
    $("success-card").textContent = paidWith ? `${data.outcomeVerb ?? "Paid with"} ${paidWith}` : "";
    $("success-title").focus();
    reportHeight();
    // Cards never need a redirect, so only `always` (the default) sends the shopper to return_url.
    const redirect = (data.redirectOnCompletion ?? "always") === "always";
    const returnUrl =
      data.returnUrl && redirect
        ? data.returnUrl.split("{CHECKOUT_SESSION_ID}").join(data.sessionId ?? "")
        : null;
    if (embedded) {
      notifyParent("complete", { sessionId: data.sessionId, returnUrl });
    } else if (returnUrl) {
      const next = $("success-next");
      const link = document.createElement("a");
      link.href = returnUrl;
      link.textContent = "Return to the store";
      next.replaceChildren(link);
    }
  }

  function showExpired() {
    inFlight = false;
    form.hidden = true;
    challenge.hidden = true;
    const main = $("payment");
    const notice = document.createElement("div");
    notice.className = "notice notice-expired";
    notice.setAttribute("role", "alert");
    const title = document.createElement("h2");
    title.textContent = "This checkout session has expired";
    const text = document.createElement("p");
    text.textContent = "Nothing was charged. Go back to the store and start checkout again.";
    notice.append(title, text);
    main.append(notice);
    reportHeight();
  }

  setMode(mode);
}
