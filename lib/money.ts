/** Formats an amount in minor units (cents) for display, e.g. 1850 usd → "$18.50". */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const code = currency.toUpperCase();
  const digits =
    new Intl.NumberFormat(locale, { style: "currency", currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency: code }).format(
    amountMinor / 10 ** digits,
  );
}
