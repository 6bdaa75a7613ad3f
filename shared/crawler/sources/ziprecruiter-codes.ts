/**
 * ZipRecruiter's legacy results page (`<script id="js_variables">`) writes its card enums as numbers
 * where the current page writes their names (PAY_INTERVAL_YEAR, SOURCE_PROVIDED, ...). Only numbers
 * whose meaning a real page establishes are decoded; any other number is kept as it came
 * (metadata.zipUndecoded) and read as unknown, never guessed from the enum's usual order.
 *
 * What establishes each (a legacy capture of 2026-02, "staff platform architect" in Remote (USA), 20
 * cards, beside the current page's capture in ../shared/fixtures/real/ziprecruiter):
 * - pay interval 5 is a year: every such card has max equal to maxAnnual. 4 is a month: its one card
 *   has maxAnnual = 12 x max (28,200 a month, 338,400 a year).
 * - currency 5 is USD: the cards are US jobs, and the card whose page text states its pay says
 *   "$210,000 - $240,000 per year" for min 210000, max 240000, currency 5.
 * - source types, matched with the current page, which names them: a pay without a "visible" flag
 *   is SOURCE_MISSING there and 4 here; benefits are always SOURCE_PARSED there and 2 here; employment
 *   types are SOURCE_PROVIDED or SOURCE_PARSED there and 1 or 2 here, so 1 is PROVIDED; that leaves
 *   3 for SOURCE_PREDICTED, which the current page gives every remote-optional location type, as
 *   the legacy page gives 3 to every location type 4. The one card whose page text the capture
 *   holds has its pay parsed (2), and that text states the pay.
 * - location type 2 is remote: every card with it is a "-in-Remote,US" job page at country level
 *   ("US"), one of them saying "This role is eligible for 100% remote work".
 * Not established, so not decoded: the other pay intervals and currencies, every employment type
 * (1, 2, 3, 4 and 6 occur; the current page names FULL_TIME and CONTRACTOR, no card ties a number to
 * either), and location type 4 (city jobs ZipRecruiter predicts for a remote search: remote-optional
 * or hybrid cannot be told).
 */

const PAY_INTERVALS: Record<number, string> = { 4: 'PAY_INTERVAL_MONTH', 5: 'PAY_INTERVAL_YEAR' };
const CURRENCIES: Record<number, string> = { 5: 'PAY_CURRENCY_USD' };
const SOURCE_TYPES: Record<number, string> = { 1: 'SOURCE_PROVIDED', 2: 'SOURCE_PARSED', 3: 'SOURCE_PREDICTED', 4: 'SOURCE_MISSING' };
const LOCATION_TYPES: Record<number, string> = { 2: 'LOCATION_TYPE_NAME_REMOTE' };
const EMPLOYMENT_TYPES: Record<number, string> = {};

/** Codes a card carried that no capture explains, by field. */
export type Undecoded = Partial<Record<'payInterval' | 'currency' | 'sourceType' | 'employmentTypes' | 'locationTypes', number[]>>;

export interface Decoder {
  /** The enum name of a field's value: names pass through, established numbers are named, others are null. */
  (field: keyof Undecoded, value: unknown): string | null;
  undecoded: Undecoded;
}

const TABLES: Record<keyof Undecoded, Record<number, string>> = {
  payInterval: PAY_INTERVALS,
  currency: CURRENCIES,
  sourceType: SOURCE_TYPES,
  employmentTypes: EMPLOYMENT_TYPES,
  locationTypes: LOCATION_TYPES,
};

/** One decoder per card: it collects the numbers it could not name. */
export function cardDecoder(): Decoder {
  const undecoded: Undecoded = {};
  const decode = ((field, value) => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'number') return null;
    const name = TABLES[field][value];
    if (name) return name;
    const seen = (undecoded[field] ??= []);
    if (!seen.includes(value)) seen.push(value);
    return null;
  }) as Decoder;
  decode.undecoded = undecoded;
  return decode;
}
