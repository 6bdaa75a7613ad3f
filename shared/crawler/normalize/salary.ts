/**
 * Pay as postings state it, normalized to min, max, interval and currency without swapping or
 * inventing numbers. Two entry points: free text ("$120,000 - $150,000 a year", "Competitive",
 * "€60k–€75k") and structured amounts (JSON-LD baseSalary, board JSON).
 *
 * Rules a user can rely on:
 * - "$120,000+", "From $40 an hour": a minimum only. "Up to $90,000": a maximum only.
 * - A single figure ("£3,500 per month") is both the minimum and the maximum.
 * - A range given max-first ("$150,000 - $120,000") is not swapped: the figures are dropped, the
 *   raw text kept, and a note says why.
 * - Annual figures (salary_min/salary_max) only where the conversion is sound: yearly as is,
 *   monthly x12, weekly x52. Hourly and daily pay depend on hours worked, so no annual figure.
 * - No interval stated: "year" is inferred only from thousands-sized amounts ("€60k", "85,000")
 *   in a currency whose monthly pay is not in the tens of thousands; the note records the inference.
 * - Annual figures stay in the posting's currency (no exchange rates are invented); the currency is
 *   in metadata.salary.currency.
 */
import type { Salary } from '../../jobs/input';

export type SalaryInterval = NonNullable<Salary['interval']>;

export interface ParsedSalary {
  salary: Salary;
  /** Annual figures in the posting's currency, or null where no sound conversion exists. */
  annualMin: number | null;
  annualMax: number | null;
  /** Why figures were dropped or an interval inferred; empty when the posting was unambiguous. */
  notes: string[];
}

const ANNUAL_FACTOR: Partial<Record<SalaryInterval, number>> = { year: 1, month: 12, week: 52 };

/** Currencies whose ordinary monthly pay runs into the tens of thousands: no interval inference. */
const HIGH_DENOMINATION = new Set(['JPY', 'INR', 'KRW', 'IDR', 'HUF', 'CLP', 'COP', 'VND', 'PHP', 'TWD', 'THB', 'RUB', 'NGN', 'PKR', 'LKR', 'KZT']);

const ISO_CODES = [
  'USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'JPY', 'CNY',
  'INR', 'SGD', 'HKD', 'MXN', 'BRL', 'ZAR', 'AED', 'ILS', 'KRW', 'TWD', 'PHP', 'IDR', 'THB', 'RON', 'TRY',
  'NGN', 'PKR', 'CLP', 'COP', 'ARS', 'VND', 'RUB', 'UAH', 'EGP', 'KES', 'MYR', 'SAR', 'QAR', 'BGN', 'ISK',
];

/** Prefixed dollar forms first (longest match wins), then single symbols. */
const SYMBOLS: Array<[RegExp, string]> = [
  [/\b(?:US\$|USD\$)/i, 'USD'],
  [/\b(?:CA\$|CAD\$|C\$)/i, 'CAD'],
  [/\b(?:AU\$|AUD\$|A\$)/i, 'AUD'],
  [/\bNZ\$/i, 'NZD'],
  [/\bHK\$/i, 'HKD'],
  [/\bS\$/, 'SGD'],
  [/\bMX\$/i, 'MXN'],
  [/\bR\$/, 'BRL'],
  [/£/, 'GBP'],
  [/€/, 'EUR'],
  [/₹|\bRs\.?\s?(?=\d)/, 'INR'],
  [/¥|円/, 'JPY'],
  [/₩/, 'KRW'],
  [/₱/, 'PHP'],
  [/₪/, 'ILS'],
  [/zł/i, 'PLN'],
  [/\bFr\.\s?(?=\d)/, 'CHF'],
];

/** The interval a piece of text names, or null. Works on free text and on board enums alike. */
export function parseInterval(text: string | null | undefined): SalaryInterval | null {
  if (!text) return null;
  const t = text.toLowerCase().replace(/[_-]+/g, ' ');
  if (/\b(hour|hours|hourly|hr|hrs|stunde|stündlich|heure)\b|\/\s*h\b|\bper h\b|\bph\b/.test(t)) return 'hour';
  if (/\b(day|daily|diem|tag|täglich|jour)\b|\/\s*d\b/.test(t)) return 'day';
  if (/\b(week|weekly|wk|woche|wöchentlich|semaine)\b|\/\s*w\b/.test(t)) return 'week';
  if (/\b(month|monthly|mo|mth|pcm|monat|monatlich|mois|mensuel)\b|\/\s*m\b/.test(t)) return 'month';
  if (/\b(year|years|yearly|annual|annually|annum|yr|jahr|jährlich|annuel)\b|\bp\.?\s?a\.?(?![a-z])|\/\s*y\b|\bpar an\b/.test(t)) return 'year';
  return null;
}

/** ISO 4217 code from a code or a board's currency enum ("PAY_CURRENCY_USD", "usd"). */
export function normalizeCurrency(code: string | null | undefined): string | null {
  if (!code) return null;
  const m = /([A-Za-z]{3})$/.exec(code.trim());
  const iso = m?.[1]?.toUpperCase();
  return iso && /^[A-Z]{3}$/.test(iso) ? iso : null;
}

function detectCurrency(text: string, dollarCurrency: string): string | null {
  for (const code of ISO_CODES) {
    if (new RegExp(`(?:^|[^A-Za-z])${code}(?:[^A-Za-z]|$)`).test(text)) return code;
  }
  for (const [re, code] of SYMBOLS) if (re.test(text)) return code;
  if (text.includes('$')) return dollarCurrency;
  if (/\bkr\.?\b/i.test(text)) return null; // SEK, NOK or DKK: ambiguous without a code
  return null;
}

interface Amount {
  value: number;
  start: number;
  end: number;
  /** Whether the figure carried a thousands/millions suffix ("60k"). */
  scaled: boolean;
}

/**
 * Turns "120,000", "45.000,00", "8,00,000", "1 200", "18.50" into numbers. A separator followed by
 * exactly three digits is a thousands separator; a final one followed by one or two digits is the
 * decimal mark.
 */
function parseNumberToken(token: string): number | null {
  const cleaned = token.replace(/[\s\u00a0\u202f']/g, '');
  const lastComma = cleaned.lastIndexOf(',');
  const lastDot = cleaned.lastIndexOf('.');
  let intPart = cleaned;
  let fraction = '';
  const decimalAt = Math.max(lastComma, lastDot);
  if (decimalAt >= 0) {
    const after = cleaned.slice(decimalAt + 1);
    const sep = cleaned[decimalAt];
    const sepCount = cleaned.split(sep as string).length - 1;
    const bothKinds = lastComma >= 0 && lastDot >= 0;
    if (after.length !== 3 && (bothKinds || sepCount === 1)) {
      intPart = cleaned.slice(0, decimalAt);
      fraction = after;
    }
  }
  const digits = intPart.replace(/[.,]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  const value = Number(fraction ? `${digits}.${fraction}` : digits);
  return Number.isFinite(value) ? value : null;
}

const NUMBER_RE = /(\d{1,3}(?:[,.'\u00a0\u202f ]\d{2,3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(\s?(?:k|K|m|M|mil|million|thousand|tsd\.?|mio\.?)(?![A-Za-z]))?/g;

function findAmounts(text: string): Amount[] {
  const amounts: Amount[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const after = text.slice(end, end + 2);
    if (/^\s?%/.test(after)) continue; // equity percentages, bonus percentages
    const before = text.slice(Math.max(0, start - 1), start);
    if (/[A-Za-z]/.test(before) && !/[$£€¥₹]/.test(before)) continue; // "401k", "W2", "Q3"
    let value = parseNumberToken(m[1] as string);
    if (value === null) continue;
    const suffix = (m[2] ?? '').trim().toLowerCase();
    let scaled = false;
    if (/^(k|thousand|tsd\.?)$/.test(suffix)) {
      value *= 1_000;
      scaled = true;
    } else if (/^(m|mil|million|mio\.?)$/.test(suffix)) {
      value *= 1_000_000;
      scaled = true;
    }
    amounts.push({ value, start, end, scaled });
  }
  return amounts;
}

function emptySalary(raw: string | null): Salary {
  return { min: null, max: null, interval: null, currency: null, raw };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Builds the result from figures already known to be min and max (or one of them). Shared by the
 * text parser and the structured entry point so the no-swap and annualization rules are one rule.
 */
function finish(
  min: number | null,
  max: number | null,
  interval: SalaryInterval | null,
  currency: string | null,
  raw: string | null,
  notes: string[],
): ParsedSalary {
  if (min !== null && max !== null && min > max) {
    return {
      salary: { ...emptySalary(raw), interval, currency },
      annualMin: null,
      annualMax: null,
      notes: [...notes, `range given max-first (${min} - ${max}); figures not swapped, left out`],
    };
  }
  const salary: Salary = {
    min: min === null ? null : round2(min),
    max: max === null ? null : round2(max),
    interval,
    currency,
    raw,
  };
  const factor = interval ? ANNUAL_FACTOR[interval] : undefined;
  return {
    salary,
    annualMin: factor && min !== null ? Math.round(min * factor) : null,
    annualMax: factor && max !== null ? Math.round(max * factor) : null,
    notes,
  };
}

export interface SalaryTextOptions {
  /** What a bare "$" means on this site (a Canadian board's "$" is CAD). Default USD. */
  dollarCurrency?: string;
  /** The currency the source states separately, which wins over symbols. */
  currency?: string | null;
  /** The interval the source states separately ("yearly"), which wins over the text. */
  interval?: string | null;
}

/** Parses pay text. Returns null for empty input; text without figures keeps only `raw`. */
export function parseSalaryText(input: string | null | undefined, options: SalaryTextOptions = {}): ParsedSalary | null {
  const raw = input?.replace(/\s+/g, ' ').trim();
  if (!raw) return null;
  const text = raw
    .replace(/[\u2012\u2013\u2014\u2015\u2212]/g, '-')
    .replace(/(\d\s?[kKmM]?)\s+(?:to|bis|à|a)\s+(?=\D{0,4}\d)/g, '$1 - ');
  const currency = normalizeCurrency(options.currency) ?? detectCurrency(text, options.dollarCurrency ?? 'USD');
  const stated = parseInterval(options.interval) ?? parseInterval(text.replace(NUMBER_RE, ' '));

  // Only the pay part: stop at separators that introduce equity or bonus ("• 0.5% – 1%").
  const payPart = text.split(/\s[•|;]\s|\s\+\s(?=\d+(?:\.\d+)?\s?%)/)[0] as string;
  const amounts = findAmounts(payPart);
  // Figures in prose with no currency, interval or "k" ("Competitive, 401(k) match") are not pay.
  const prose = /[A-Za-z]{4,}/.test(payPart.replace(/\b(up to|from|starting at|at least|per|an?)\b/gi, ''));
  const looksLikePay = currency !== null || stated !== null || amounts.some((a) => a.scaled) || !prose;
  if (amounts.length === 0 || !looksLikePay) return { salary: { ...emptySalary(raw), currency: null }, annualMin: null, annualMax: null, notes: [] };

  const first = amounts[0] as Amount;
  const second = amounts[1];
  const between = second ? payPart.slice(first.end, second.start) : '';
  const isRange = second !== undefined && /^\s*[^\d\s]{0,6}\s*-\s*[^\d\s]{0,6}\s*$/.test(between);
  const notes: string[] = [];
  let min: number | null;
  let max: number | null;
  if (isRange && second) {
    let low = first.value;
    // "€60–75k", "$60-$75K": the suffix of the second figure applies to a bare first one.
    if (second.scaled && !first.scaled && low < 1_000 && second.value >= 1_000) low *= second.value >= 1_000_000 && second.value / low >= 1_000_000 ? 1_000_000 : 1_000;
    min = low;
    max = second.value;
  } else {
    const before = payPart.slice(0, first.start).toLowerCase();
    const after = payPart.slice(first.end, first.end + 3);
    if (/\b(up to|upto|max(?:imum)?|bis zu|jusqu'à|to)\s*[^\d\s]{0,4}\s*$/.test(before)) {
      min = null;
      max = first.value;
    } else if (/^\s?\+/.test(after) || /\b(from|starting at|starting from|min(?:imum)?|at least|ab)\s*[^\d\s]{0,4}\s*$/.test(before)) {
      min = first.value;
      max = null;
    } else {
      min = first.value;
      max = first.value;
    }
  }

  let interval = stated;
  if (!interval) {
    const largest = Math.max(min ?? 0, max ?? 0);
    const thousandsSized = largest >= 10_000 || (first.scaled && largest >= 1_000);
    if (thousandsSized && currency && !HIGH_DENOMINATION.has(currency)) {
      interval = 'year';
      notes.push('no interval stated; "year" inferred from the amount');
    }
  }
  return finish(min, max, interval, currency, raw, notes);
}

export interface SalaryAmounts {
  min?: number | null;
  max?: number | null;
  /** A single stated figure (JSON-LD `value`). */
  value?: number | null;
  interval?: string | null;
  currency?: string | null;
  raw?: string | null;
}

/** Normalizes structured pay (JSON-LD baseSalary, board JSON). Non-positive figures count as absent. */
export function salaryFromAmounts(input: SalaryAmounts): ParsedSalary | null {
  const clean = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null);
  let min = clean(input.min);
  let max = clean(input.max);
  const value = clean(input.value);
  if (min === null && max === null && value !== null) min = max = value;
  if (min === null && max === null) {
    if (input.raw) return parseSalaryText(input.raw, { currency: input.currency, interval: input.interval });
    return null;
  }
  return finish(min, max, parseInterval(input.interval), normalizeCurrency(input.currency), input.raw ?? null, []);
}
