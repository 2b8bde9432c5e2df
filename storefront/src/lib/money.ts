// Prices: integer minor units (cents) plus an ISO-4217 currency, formatted with Intl.NumberFormat.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, format);
  }
  return format;
}

/** How many minor units make one major unit: 100 for USD and EUR, 1 for JPY, 1000 for KWD. */
export function minorUnitsPerMajor(currency: string): number {
  const digits = formatter(currency, "en-US").resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** Formats an amount given in the currency's minor units, e.g. (1450, "USD") -> "$14.50". */
export function formatPrice(minorUnits: number, currency: string, locale?: string): string {
  return formatter(currency, locale).format(minorUnits / minorUnitsPerMajor(currency));
}

/** Sums amounts per currency (a cart may, in principle, mix currencies; amounts in different ones never add up). */
export function totalsByCurrency(lines: Array<{ amountCents: number; currency: string }>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.currency, (totals.get(line.currency) ?? 0) + line.amountCents);
  return totals;
}

/** An amount typed in major units ("14.5", "14.50") as the currency's minor units; null unless it is one. */
export function parseAmount(text: string, currency: string): number | null {
  const perMajor = minorUnitsPerMajor(currency);
  const decimals = Math.round(Math.log10(perMajor));
  const pattern = decimals > 0 ? new RegExp(`^\\d{1,9}(\\.\\d{1,${decimals}})?$`) : /^\d{1,9}$/;
  const trimmed = text.trim();
  if (!pattern.test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.split(".");
  return Number(whole) * perMajor + Number(fraction.padEnd(decimals, "0") || 0);
}

/** Minor units as the plain number staff type into a price field, e.g. (1450, "USD") -> "14.50". */
export function amountText(minorUnits: number, currency: string): string {
  const perMajor = minorUnitsPerMajor(currency);
  return (minorUnits / perMajor).toFixed(Math.round(Math.log10(perMajor)));
}
