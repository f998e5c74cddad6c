import type { Branding, PageView, SavedCard, SharingInfo } from "./view.js";
import { CARD_BRAND_LABELS, cardBrandLabel } from "../domain/cards.js";

/**
 * Server-side rendering of the embedded Checkout page. The page is complete HTML
 * (summary, saved cards, card form); `assets/checkout.js` adds behaviour to it.
 */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** JSON for a `<script type="application/json">` block (cannot close the tag). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

// ---------------------------------------------------------------- locale and money

/** The locale to format for: the session's `locale` unless `auto`/unset, else the browser's. */
export function pickLocale(sessionLocale: string | null, acceptLanguage: string | undefined): string {
  const candidates: string[] = [];
  if (sessionLocale && sessionLocale !== "auto") candidates.push(sessionLocale);
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim();
    if (tag && tag !== "*") candidates.push(tag);
  }
  for (const tag of candidates) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // not a valid BCP 47 tag: try the next one
    }
  }
  return "en-US";
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

// ---------------------------------------------------------------- brand colours

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.replace("#", ""), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The brand colour, darkened just enough to reach `ratio` against `against` (WCAG AA). */
export function readable(hex: string, against: string, ratio = 4.5): string {
  let rgb = channels(hex);
  for (let i = 0; i < 40 && contrast(toHex(rgb), against) < ratio; i++) {
    rgb = rgb.map((c) => c * 0.93) as [number, number, number];
  }
  return toHex(rgb);
}

const HEX = /^#[0-9a-fA-F]{6}$/;

export interface Theme {
  brand: string;
  brandText: string;
  brandSoft: string;
  onBrand: string;
}

export function themeOf(branding: Branding | null): Theme {
  const primary = branding && HEX.test(branding.primary_color) ? branding.primary_color : "#635bff";
  const soft = branding && HEX.test(branding.secondary_color) ? branding.secondary_color : "#f6f9fc";
  const white = "#ffffff";
  return {
    brand: readable(primary, white),
    brandText: readable(primary, soft),
    brandSoft: soft,
    onBrand: white,
  };
}

// ---------------------------------------------------------------- cards

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

export function savedCardLabel(card: SavedCard): string {
  return `${cardBrandLabel(card.card.brand)} •••• ${card.card.last4}`;
}

// ---------------------------------------------------------------- countries

const COUNTRIES = [
  "US",
  "CA",
  "GB",
  "IE",
  "AU",
  "NZ",
  "FR",
  "DE",
  "ES",
  "IT",
  "NL",
  "BE",
  "LU",
  "CH",
  "AT",
  "PT",
  "SE",
  "NO",
  "DK",
  "FI",
  "PL",
  "CZ",
  "GR",
  "JP",
  "SG",
  "HK",
  "IN",
  "BR",
  "MX",
  "AE",
];

function countryOptions(locale: string, selected: string): string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale, "en"], { type: "region" });
  } catch {
    names = null;
  }
  const list = COUNTRIES.includes(selected) ? COUNTRIES : [selected, ...COUNTRIES];
  return list
    .map((code) => ({ code, name: names?.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale))
    .map(
      ({ code, name }) =>
        `<option value="${escapeHtml(code)}"${code === selected ? " selected" : ""}>${escapeHtml(name)}</option>`,
    )
    .join("");
}

// ---------------------------------------------------------------- page pieces

export interface PageContext {
  view: PageView;
  sharing: SharingInfo;
  locale: string;
  /** Origin of the page embedding the iframe (validated), or null when opened on its own. */
  parentOrigin: string | null;
  clientSecret: string;
  nonce: string;
  assetVersion: string;
  /** The page's stylesheet, inlined (one request fewer before the form shows). */
  css: string;
}

interface Shell {
  title: string;
  theme: Theme;
  nonce: string;
  assetVersion: string;
  body: string;
  data?: unknown;
  lang: string;
  css: string;
}

function shell(s: Shell): string {
  const data =
    s.data === undefined
      ? ""
      : `<script type="application/json" id="checkout-data">${scriptJson(s.data)}</script>\n`;
  const script =
    s.data === undefined
      ? ""
      : `<script type="module" src="/checkout/assets/checkout.js?v=${s.assetVersion}"></script>\n`;
  return `<!doctype html>
<html lang="${escapeHtml(s.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(s.title)}</title>
<style nonce="${s.nonce}">${s.css.replace(/<\/style/gi, "<\\/style")}</style>
<style nonce="${s.nonce}">:root{--brand:${s.theme.brand};--brand-text:${s.theme.brandText};--brand-soft:${s.theme.brandSoft};--on-brand:${s.theme.onBrand}}</style>
${script}</head>
<body>
${s.body}
${data}</body>
</html>
`;
}

function merchantHeader(name: string): string {
  const initial = escapeHtml((name.trim()[0] ?? "S").toUpperCase());
  return `<header class="merchant">
  <span class="merchant-mark" aria-hidden="true">${initial}</span>
  <span class="merchant-name">${escapeHtml(name)}</span>
  <span class="test-badge">Test mode</span>
</header>`;
}

function footer(): string {
  return `<footer class="page-footer"><p>Served by the local Stripe emulator · test mode, no real money moves.</p></footer>`;
}

function summary(ctx: PageContext, brandName: string): string {
  const { session, line_items: items } = ctx.view;
  const currency = session.currency ?? "usd";
  const money = (minor: number) => formatMoney(minor, currency, ctx.locale);
  const total = money(session.amount_total ?? 0);
  const rows = items
    .map((item) => {
      const quantity = item.quantity ?? 1;
      const unit = item.price?.unit_amount ?? Math.round(item.amount_subtotal / quantity);
      const each = quantity > 1 ? `<span class="item-each">${escapeHtml(money(unit))} each</span>` : "";
      return `<li class="item">
      <div class="item-main"><span class="item-name">${escapeHtml(item.description ?? "Item")}</span>
      <span class="item-qty">Qty ${quantity}</span>${each}</div>
      <span class="item-amount">${escapeHtml(money(item.amount_total))}</span>
    </li>`;
    })
    .join("\n    ");
  const details = session.total_details;
  const extra = [
    details && details.amount_discount > 0
      ? `<div class="totals-row"><dt>Discount</dt><dd>−${escapeHtml(money(details.amount_discount))}</dd></div>`
      : "",
    details && details.amount_shipping > 0
      ? `<div class="totals-row"><dt>Shipping</dt><dd>${escapeHtml(money(details.amount_shipping))}</dd></div>`
      : "",
    details && details.amount_tax > 0
      ? `<div class="totals-row"><dt>Tax</dt><dd>${escapeHtml(money(details.amount_tax))}</dd></div>`
      : "",
  ].join("");
  return `<section class="summary" aria-labelledby="summary-title">
  <h1 id="summary-title" class="summary-heading"><span class="summary-label">Pay ${escapeHtml(brandName)}</span>
  <span class="summary-total" data-testid="summary-total">${escapeHtml(total)}</span></h1>
  <ul class="items" aria-label="Order summary">
    ${rows}
  </ul>
  <dl class="totals">
    <div class="totals-row"><dt>Subtotal</dt><dd>${escapeHtml(money(session.amount_subtotal ?? 0))}</dd></div>
    ${extra}
    <div class="totals-row totals-due"><dt>Total due</dt><dd>${escapeHtml(total)}</dd></div>
  </dl>
</section>`;
}

/** Setup mode has nothing to pay: a heading saying what the page is for instead of a summary. */
function setupSummary(brandName: string): string {
  return `<section class="summary summary-setup" aria-labelledby="summary-title">
  <h1 id="summary-title" class="summary-heading"><span class="summary-label">Save a card with ${escapeHtml(brandName)}</span></h1>
  <p class="summary-note">Add a card for future payments. You will not be charged now.</p>
</section>`;
}

/** The words that differ between paying (payment mode) and saving a card (setup mode). */
interface Copy {
  submit: string;
  finePrint: string;
  challenge: string;
  successTitle: string;
  successText: string;
}

function copyFor(setup: boolean, brandName: string, total: string): Copy {
  const brand = escapeHtml(brandName);
  if (setup) {
    return {
      submit: "Save card",
      finePrint: `By saving your card, you allow ${brand} to charge it for future payments in accordance with their terms.`,
      challenge: `Your bank asks you to confirm saving your card with ${brand}. This is a test challenge: choose an outcome.`,
      successTitle: "Card saved",
      successText: `Thanks! Your card is saved with ${brand}.`,
    };
  }
  const amount = escapeHtml(total);
  return {
    submit: `Pay ${amount}`,
    finePrint: `By paying you allow ${brand} to charge your card for this payment.`,
    challenge: `Your bank asks you to confirm the payment of <strong>${amount}</strong> to ${brand}. This is a test challenge: choose an outcome.`,
    successTitle: "Payment successful",
    successText: `Thanks! Your payment of <strong>${amount}</strong> to ${brand} is complete.`,
  };
}

function field(opts: {
  id: string;
  label: string;
  input: string;
  hint?: string;
  className?: string;
}): string {
  return `<div class="field${opts.className ? ` ${opts.className}` : ""}">
        <label for="${opts.id}">${escapeHtml(opts.label)}</label>
        ${opts.input}
        ${opts.hint ?? ""}
        <p class="field-error" id="${opts.id}-error" role="alert"></p>
      </div>`;
}

function savedCardsBlock(cards: SavedCard[]): string {
  if (cards.length === 0) return "";
  const options = cards
    .map((pm, i) => {
      const expiry = `${twoDigits(pm.card.exp_month)}/${String(pm.card.exp_year).slice(-2)}`;
      const name = pm.billing_details?.name
        ? `<span class="saved-card-name">${escapeHtml(pm.billing_details.name)}</span>`
        : "";
      return `<label class="saved-card">
          <input type="radio" name="payment_method" value="${escapeHtml(pm.id)}"${i === 0 ? " checked" : ""}>
          <span class="card-chip" data-brand="${escapeHtml(pm.card.brand)}" aria-hidden="true">${escapeHtml(cardBrandLabel(pm.card.brand))}</span>
          <span class="saved-card-text"><span class="saved-card-label">${escapeHtml(savedCardLabel(pm))}</span>${name}</span>
          <span class="saved-card-expiry">Expires ${expiry}</span>
        </label>`;
    })
    .join("\n        ");
  return `<div id="saved-cards-panel">
      <fieldset class="saved-cards">
        <legend class="section-title">Saved cards</legend>
        ${options}
      </fieldset>
      <button type="button" class="link-button" id="use-new-card" aria-controls="card-fields" aria-expanded="false">Use another card</button>
    </div>`;
}

function saveBlock(ctx: PageContext, brandName: string): string {
  if (!ctx.view.save_payment_method_offered) return "";
  const { groupName, brands, organization } = ctx.sharing;
  const where = groupName ? `all ${groupName}` : brandName;
  const owner = organization ?? brandName;
  const consent = groupName
    ? `Your card will be saved securely and shared across ${escapeHtml(owner)}'s brands in its organization (${escapeHtml(
        brands.join(", "),
      )}), so you can pay with one click at any of them. You can remove it at any time.`
    : `Your card will be saved securely with ${escapeHtml(brandName)} for one-click payments. You can remove it at any time.`;
  return `<div class="save-card">
        <input type="checkbox" id="save-card" name="save_payment_method" aria-describedby="save-card-consent">
        <div>
          <label for="save-card">Save my card for future purchases at ${escapeHtml(where)}</label>
          <p id="save-card-consent" class="consent">${consent}</p>
        </div>
      </div>`;
}

function paymentForm(ctx: PageContext, brandName: string, copy: Copy): string {
  const { view } = ctx;
  const cards = view.saved_payment_methods;
  const email = view.customer?.email ?? view.session.customer_email ?? "";
  const emailLocked = email !== "";
  const country = view.account.country ?? "US";
  const name = view.customer?.name ?? "";
  const cardFields = `<div id="card-fields" class="card-fields"${cards.length > 0 ? " hidden" : ""}>
      <h2 class="section-title" id="card-title">Card information</h2>
      ${field({
        id: "card-number",
        label: "Card number",
        className: "field-card-number",
        input: `<div class="input-with-chip">
          <input id="card-number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" maxlength="23" spellcheck="false" aria-describedby="card-brand card-number-error">
          <span id="card-brand" class="card-chip" data-brand="unknown" aria-live="polite"></span>
        </div>`,
      })}
      <div class="field-row">
        ${field({
          id: "card-expiry",
          label: "Expiration",
          input: `<input id="card-expiry" name="card_expiry" type="text" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" maxlength="7" spellcheck="false" aria-describedby="card-expiry-error">`,
        })}
        ${field({
          id: "card-cvc",
          label: "CVC",
          input: `<input id="card-cvc" name="card_cvc" type="text" inputmode="numeric" autocomplete="cc-csc" placeholder="123" maxlength="4" spellcheck="false" aria-describedby="card-cvc-error">`,
        })}
      </div>
      ${field({
        id: "card-name",
        label: "Cardholder name",
        input: `<input id="card-name" name="card_name" type="text" autocomplete="cc-name" placeholder="Full name on card" value="${escapeHtml(name)}" aria-describedby="card-name-error">`,
      })}
      <div class="field-row">
        ${field({
          id: "country",
          label: "Country",
          input: `<select id="country" name="country" autocomplete="country" aria-describedby="country-error">${countryOptions(ctx.locale, country)}</select>`,
        })}
        ${field({
          id: "postal-code",
          label: "Postal code",
          input: `<input id="postal-code" name="postal_code" type="text" autocomplete="postal-code" maxlength="10" aria-describedby="postal-code-error">`,
        })}
      </div>
      ${saveBlock(ctx, brandName)}
      ${cards.length > 0 ? `<button type="button" class="link-button" id="use-saved-card">Use a saved card</button>` : ""}
    </div>`;
  return `<section class="payment" id="payment" aria-labelledby="payment-title">
  <h2 id="payment-title" class="visually-hidden">Payment</h2>
  <form id="pay-form" novalidate>
    <div class="contact">
      <h2 class="section-title">Contact information</h2>
      ${field({
        id: "email",
        label: "Email",
        input: `<input id="email" name="email" type="email" autocomplete="email" placeholder="you@example.com" value="${escapeHtml(email)}"${emailLocked ? ' readonly aria-readonly="true"' : ""} aria-describedby="email-error">`,
      })}
    </div>
    <div class="method">
      <h2 class="section-title visually-hidden">Payment method</h2>
      ${savedCardsBlock(cards)}
      ${cardFields}
    </div>
    <div id="form-error" class="form-error" role="alert"></div>
    <button type="submit" id="pay-button" class="pay-button" data-label="${copy.submit}">${copy.submit}</button>
    <p class="fine-print">${copy.finePrint}</p>
  </form>
  <section id="challenge" class="challenge" hidden aria-labelledby="challenge-title">
    <div class="challenge-card">
      <p class="challenge-bank" aria-hidden="true">Test bank · 3D Secure</p>
      <h2 id="challenge-title" tabindex="-1">Confirm your payment</h2>
      <p>${copy.challenge}</p>
      <div class="challenge-actions">
        <button type="button" id="challenge-complete" class="pay-button">Complete authentication</button>
        <button type="button" id="challenge-fail" class="secondary-button">Fail authentication</button>
      </div>
      <p id="challenge-status" class="challenge-status" role="status"></p>
    </div>
  </section>
  <section id="success" class="outcome" hidden aria-labelledby="success-title">
    <div class="outcome-icon outcome-icon-success" aria-hidden="true">✓</div>
    <h2 id="success-title" tabindex="-1">${copy.successTitle}</h2>
    <p>${copy.successText}</p>
    <p id="success-card" class="muted"></p>
    <p id="success-next" class="muted" role="status"></p>
  </section>
</section>`;
}

/** The checkout page for an open session. */
export function checkoutPage(ctx: PageContext): string {
  const { view } = ctx;
  const brandName = view.account.branding?.display_name ?? view.account.name ?? "Checkout";
  const setup = view.session.mode === "setup";
  const total = setup
    ? ""
    : formatMoney(view.session.amount_total ?? 0, view.session.currency ?? "usd", ctx.locale);
  const data = {
    sessionId: view.session.id,
    clientSecret: ctx.clientSecret,
    parentOrigin: ctx.parentOrigin,
    locale: ctx.locale,
    returnUrl: view.session.return_url ?? null,
    redirectOnCompletion: view.session.redirect_on_completion ?? null,
    emailLocked: Boolean(view.customer?.email ?? view.session.customer_email),
    savedCards: view.saved_payment_methods.map((pm) => ({ id: pm.id, label: savedCardLabel(pm) })),
    // The script labels a typed card's brand with the page's own spelling.
    brandLabels: CARD_BRAND_LABELS,
    total,
    // What the confirmation says the card did ("Paid with Visa •••• 4242" / "Saved Visa •••• 4242").
    outcomeVerb: setup ? "Saved" : "Paid with",
  };
  const body = `<div class="checkout">
${merchantHeader(brandName)}
<main class="layout${setup ? " layout-setup" : ""}">
${setup ? setupSummary(brandName) : summary(ctx, brandName)}
${paymentForm(ctx, brandName, copyFor(setup, brandName, total))}
</main>
${footer()}
</div>`;
  return shell({
    title: `${setup ? "Save a card" : "Checkout"} · ${brandName}`,
    theme: themeOf(view.account.branding),
    nonce: ctx.nonce,
    assetVersion: ctx.assetVersion,
    body,
    data,
    lang: ctx.locale,
    css: ctx.css,
  });
}

export type NoticeKind = "expired" | "complete" | "not_found" | "error";

/** A page with a message instead of the form (expired, already paid, unknown session, misuse). */
export function noticePage(opts: {
  kind: NoticeKind;
  title: string;
  message: string;
  branding: Branding | null;
  brandName: string | null;
  locale: string;
  nonce: string;
  assetVersion: string;
  parentOrigin: string | null;
  clientSecret: string | null;
  css: string;
}): string {
  const icon = opts.kind === "complete" ? "✓" : "!";
  const body = `<div class="checkout checkout-notice">
${opts.brandName ? merchantHeader(opts.brandName) : ""}
<main class="notice notice-${opts.kind}" aria-labelledby="notice-title">
  <div class="outcome-icon${opts.kind === "complete" ? " outcome-icon-success" : ""}" aria-hidden="true">${icon}</div>
  <h1 id="notice-title">${escapeHtml(opts.title)}</h1>
  <p>${escapeHtml(opts.message)}</p>
</main>
${footer()}
</div>`;
  return shell({
    title: opts.title,
    theme: themeOf(opts.branding),
    nonce: opts.nonce,
    assetVersion: opts.assetVersion,
    body,
    // The notice page still reports its height so the iframe fits it.
    data: { notice: opts.kind, parentOrigin: opts.parentOrigin, clientSecret: opts.clientSecret },
    lang: opts.locale,
    css: opts.css,
  });
}
