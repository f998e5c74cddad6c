import { invalid } from "./errors.js";

/**
 * Currencies, their minor units and minimum charge amounts (docs.stripe.com/currencies). The list
 * is what Stripe names for US accounts ("Invalid currency: zzz. Stripe currently supports these
 * currencies: usd, aed, …"); three-decimal currencies (bhd, jod, kwd, omr, tnd) are not among them.
 */
const SUPPORTED: readonly string[] = `
  usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bif bmd bnd bob brl bsd bwp
  byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel
  gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jpy kes kgs khr kmf krw kyd kzt
  lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok
  npr nzd pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos
  srd std szl thb tjs top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer
  zar zmw
`
  .trim()
  .split(/\s+/);
const SUPPORTED_SET: ReadonlySet<string> = new Set(SUPPORTED);

/** Amounts in these are whole units: 50 means ¥50. */
const ZERO_DECIMAL: ReadonlySet<string> = new Set(
  "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "),
);

/**
 * Minimum charge amounts in minor units. Stripe documents them per settlement currency and
 * converts other charges; the emulator applies each currency's own minimum (no exchange rates).
 */
const MINIMUM: Readonly<Record<string, number>> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/** Stripe caps amounts at eight digits of minor units ($999,999.99). */
const MAXIMUM = 99_999_999;

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency);
}

/** "$0.50", "¥50", "HK$4.00": an amount in minor units, written as Stripe's messages write it. */
export function formatAmount(amount: number, currency: string): string {
  const digits = isZeroDecimal(currency) ? 0 : 2;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/** The lowercase currency code when Stripe supports it; else Stripe's "Invalid currency" error. */
export function checkCurrency(raw: string, param = "currency"): string {
  const currency = raw.toLowerCase();
  if (!SUPPORTED_SET.has(currency)) {
    throw invalid(
      `Invalid currency: ${raw}. Stripe currently supports these currencies: ${SUPPORTED.join(", ")}`,
      { param },
    );
  }
  return currency;
}

export function minimumAmount(currency: string): number {
  return MINIMUM[currency] ?? 1;
}

/** A charge amount against the currency's minimum, maximum and minor-unit rules. */
export function checkChargeAmount(amount: number, currency: string, param = "amount"): void {
  if (amount < minimumAmount(currency)) {
    throw invalid(`Amount must be at least ${formatAmount(minimumAmount(currency), currency)} ${currency}`, {
      param,
      code: "amount_too_small",
    });
  }
  if (amount > MAXIMUM) {
    throw invalid(`Amount must be no more than ${formatAmount(MAXIMUM, currency)} ${currency}`, {
      param,
      code: "amount_too_large",
    });
  }
  // ISK became zero-decimal, but the API keeps its two-decimal form: the decimals are always 00.
  if (currency === "isk" && amount % 100 !== 0) {
    throw invalid(
      `Invalid amount: isk amounts are whole krónur written with two decimals, so they must be divisible by 100 (got ${amount}).`,
      { param },
    );
  }
}
