// Money handling without floating point.
//
// The API sends and accepts money as decimal strings with two fraction digits
// ("1250.00", "-42.50"). Everything here works on those strings, or on BigInt
// counts of the minor unit (paise, cents) when sums are needed. A JS number is
// produced only by toChartNumber(), for chart geometry, never for display or
// for anything sent back to the server.

/** A money string as the API returns it: optional '-', digits, '.', two digits. */
const API_MONEY = /^-?\d+\.\d{2}$/;
/** What a user may type: digits, optional '.', one or two fraction digits. */
const INPUT_MONEY = /^\d+(\.\d{1,2})?$/;

/** Largest single transfer the contract allows, in minor units. */
export const MAX_TRANSFER_MINOR = 10_000_000_000_00n;

export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  INR: '₹',
  USD: '$',
  EUR: '€',
  GBP: '£',
};

/** Converts an API money string ("-12.30", or "12.3"/"12" leniently) to minor units. */
export function toMinor(amount: string): bigint {
  const s = amount.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not a money amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, frac = ''] = m;
  const minor = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return sign === '-' ? -minor : minor;
}

/** Converts minor units to the canonical API string, e.g. 123450n -> "1234.50". */
export function fromMinor(minor: bigint): string {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole.toString()}.${frac}`;
}

/** Sum of money strings, exact. */
export function sumMoney(amounts: readonly string[]): string {
  let total = 0n;
  for (const a of amounts) total += toMinor(a);
  return fromMinor(total);
}

/** -1, 0 or 1 like a comparator, exact. */
export function compareMoney(a: string, b: string): number {
  const d = toMinor(a) - toMinor(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isNegative(amount: string): boolean {
  return toMinor(amount) < 0n;
}

export function isZero(amount: string): boolean {
  return toMinor(amount) === 0n;
}

export function isApiMoney(value: unknown): value is string {
  return typeof value === 'string' && API_MONEY.test(value);
}

/** Groups a string of digits: Indian style (12,34,567) or Western (1,234,567). */
export function groupDigits(digits: string, indian: boolean): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  let rest = digits.slice(0, -3);
  const size = indian ? 2 : 3;
  const groups: string[] = [];
  while (rest.length > size) {
    groups.unshift(rest.slice(-size));
    rest = rest.slice(0, -size);
  }
  if (rest) groups.unshift(rest);
  return `${groups.join(',')},${last3}`;
}

export interface FormatOptions {
  /** Show '+' for positive amounts (for signed ledger lines). */
  signed?: boolean;
  /** Leave out the currency symbol. */
  bare?: boolean;
}

/**
 * Formats an API money string for display: "₹1,25,000.00" for INR (Indian
 * grouping), "$125,000.00" for USD, "CHF 12.00" for others. Negative amounts
 * get a real minus sign: "−₹500.00". Pure string work; no rounding happens
 * because the string already has its two fraction digits.
 */
export function formatMoney(amount: string, currency = 'INR', opts: FormatOptions = {}): string {
  const canonical = fromMinor(toMinor(amount));
  const neg = canonical.startsWith('-');
  const body = neg ? canonical.slice(1) : canonical;
  const [whole, frac] = body.split('.');
  const grouped = groupDigits(whole, currency === 'INR');
  const sym = opts.bare ? '' : (CURRENCY_SYMBOLS[currency] ?? `${currency} `);
  const sign = neg ? '−' : opts.signed && canonical !== '0.00' ? '+' : '';
  return `${sign}${sym}${grouped}.${frac}`;
}

export type ParseResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * Validates and normalises what a user typed into an amount field. Accepts
 * grouping commas and spaces ("1,25,000.5"), returns the canonical string
 * ("125000.50") to send as the Money variable. Refuses zero, negatives,
 * more than two fraction digits and amounts over the contract's maximum.
 */
export function parseAmountInput(raw: string, max: bigint = MAX_TRANSFER_MINOR): ParseResult {
  const cleaned = raw.replace(/[\s,_]/g, '').replace(/^₹/, '');
  if (cleaned === '') return { ok: false, error: 'Enter an amount.' };
  if (cleaned.startsWith('-')) return { ok: false, error: 'The amount must be positive.' };
  if (/^\d+\.\d{3,}$/.test(cleaned)) return { ok: false, error: 'Use at most two digits after the decimal point.' };
  let normalised = cleaned.endsWith('.') ? cleaned.slice(0, -1) : cleaned;
  if (normalised.startsWith('.')) normalised = `0${normalised}`;
  if (!INPUT_MONEY.test(normalised)) return { ok: false, error: 'Enter the amount as digits, e.g. 1250.00.' };
  const minor = toMinor(normalised);
  if (minor <= 0n) return { ok: false, error: 'The amount must be more than 0.00.' };
  if (minor > max) return { ok: false, error: `The amount may be at most ${formatMoney(fromMinor(max))}.` };
  return { ok: true, value: fromMinor(minor) };
}

/**
 * A number for chart geometry only (bar heights, slice sizes). Two fraction
 * digits of a realistic balance are exact enough for pixels; labels and
 * tooltips use formatMoney() on the original string instead.
 */
export function toChartNumber(amount: string): number {
  return Number(toMinor(amount)) / 100;
}

/**
 * Short axis labels for INR: ₹950, ₹12.5K, ₹3.2L (lakh), ₹1.1Cr (crore).
 * Axis ticks are chart geometry, so a number goes in.
 */
export function formatCompactInr(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  const fmt = (n: number, unit: string) => `${sign}₹${(Math.round(n * 10) / 10).toString()}${unit}`;
  if (abs >= 1e7) return fmt(abs / 1e7, 'Cr');
  if (abs >= 1e5) return fmt(abs / 1e5, 'L');
  if (abs >= 1e3) return fmt(abs / 1e3, 'K');
  return `${sign}₹${Math.round(abs).toString()}`;
}
