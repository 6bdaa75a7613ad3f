import { describe, expect, it } from 'vitest';
import { parseSalaryText, salaryFromAmounts } from '../../../shared/crawler/normalize/salary';

type Row = [
  text: string,
  min: number | null,
  max: number | null,
  interval: string | null,
  currency: string | null,
  annualMin: number | null,
  annualMax: number | null,
];

// Strings as boards and career pages print them (Indeed snippets, LinkedIn cards, Ashby summaries...).
const TABLE: Row[] = [
  ['$120,000 - $150,000 a year', 120000, 150000, 'year', 'USD', 120000, 150000],
  ['$148,500.00 - $169,119.50 a year', 148500, 169119.5, 'year', 'USD', 148500, 169120],
  ['$120,000+', 120000, null, 'year', 'USD', 120000, null],
  ['From $130,000 a year', 130000, null, 'year', 'USD', 130000, null],
  ['up to $90,000', null, 90000, 'year', 'USD', null, 90000],
  ['Up to £500 per day', null, 500, 'day', 'GBP', null, null],
  ['$45/hr', 45, 45, 'hour', 'USD', null, null],
  ['From $40 an hour', 40, null, 'hour', 'USD', null, null],
  ['$65 - $80 an hour', 65, 80, 'hour', 'USD', null, null],
  ['$18.50/hour', 18.5, 18.5, 'hour', 'USD', null, null],
  ['£3,500 per month', 3500, 3500, 'month', 'GBP', 42000, 42000],
  ['€60k–€75k', 60000, 75000, 'year', 'EUR', 60000, 75000],
  ['€60–75k', 60000, 75000, 'year', 'EUR', 60000, 75000],
  ['$120K – $200K • 0.5% – 1%', 120000, 200000, 'year', 'USD', 120000, 200000],
  ['$120,000.00/yr - $150,000.00/yr', 120000, 150000, 'year', 'USD', 120000, 150000],
  ['CA$80,000 to CA$95,000 per year', 80000, 95000, 'year', 'CAD', 80000, 95000],
  ['£30,000 - £35,000 per annum', 30000, 35000, 'year', 'GBP', 30000, 35000],
  ['45.000 € - 55.000 € brutto/Jahr', 45000, 55000, 'year', 'EUR', 45000, 55000],
  ['₹8,00,000 - ₹12,00,000 per year', 800000, 1200000, 'year', 'INR', 800000, 1200000],
  ['USD 100,000-120,000', 100000, 120000, 'year', 'USD', 100000, 120000],
  ['$2,000 - $3,000 a week', 2000, 3000, 'week', 'USD', 104000, 156000],
  ['Pay: $50,000.00 - $60,000.00 per year', 50000, 60000, 'year', 'USD', 50000, 60000],
  ['¥300,000 - ¥450,000', 300000, 450000, null, 'JPY', null, null],
];

describe('parseSalaryText', () => {
  it.each(TABLE)('%s', (text, min, max, interval, currency, annualMin, annualMax) => {
    const parsed = parseSalaryText(text);
    expect(parsed).not.toBeNull();
    expect(parsed?.salary).toEqual({ min, max, interval, currency, raw: text });
    expect([parsed?.annualMin, parsed?.annualMax]).toEqual([annualMin, annualMax]);
  });

  it.each(['Competitive', 'DOE', 'Negotiable', 'Competitive salary + 401(k) match', 'Salary not disclosed'])(
    'keeps "%s" as text without figures',
    (text) => {
      const parsed = parseSalaryText(text);
      expect(parsed?.salary).toEqual({ min: null, max: null, interval: null, currency: null, raw: text });
      expect([parsed?.annualMin, parsed?.annualMax]).toEqual([null, null]);
    },
  );

  it('does not swap a range given max-first, and says so', () => {
    const parsed = parseSalaryText('$150,000 - $120,000 a year');
    expect(parsed?.salary.min).toBeNull();
    expect(parsed?.salary.max).toBeNull();
    expect(parsed?.salary.raw).toBe('$150,000 - $120,000 a year');
    expect(parsed?.annualMin).toBeNull();
    expect(parsed?.notes.join(' ')).toMatch(/max-first/);
  });

  it('records when the interval was inferred rather than stated', () => {
    expect(parseSalaryText('€60k–€75k')?.notes.join(' ')).toMatch(/inferred/);
    expect(parseSalaryText('$120,000 - $150,000 a year')?.notes).toEqual([]);
  });

  it('reads a bare "$" in the currency of the site it came from', () => {
    expect(parseSalaryText('$70,000 - $80,000 a year', { dollarCurrency: 'CAD' })?.salary.currency).toBe('CAD');
  });

  it('lets a separately stated currency and interval win', () => {
    const parsed = parseSalaryText('From $40', { currency: 'USD', interval: 'hourly' });
    expect(parsed?.salary).toMatchObject({ min: 40, max: null, interval: 'hour', currency: 'USD' });
  });

  it('returns null for empty input', () => {
    expect(parseSalaryText('')).toBeNull();
    expect(parseSalaryText(null)).toBeNull();
  });
});

describe('salaryFromAmounts', () => {
  it('reads structured ranges with their interval and currency', () => {
    const parsed = salaryFromAmounts({ min: 140000, max: 240000, interval: 'YEAR', currency: 'USD' });
    expect(parsed?.salary).toEqual({ min: 140000, max: 240000, interval: 'year', currency: 'USD', raw: null });
    expect([parsed?.annualMin, parsed?.annualMax]).toEqual([140000, 240000]);
  });

  it('understands board enums', () => {
    expect(salaryFromAmounts({ min: 12.25, max: 17, interval: 'PAY_INTERVAL_HOUR', currency: 'PAY_CURRENCY_USD' })?.salary).toMatchObject({
      interval: 'hour',
      currency: 'USD',
    });
    expect(salaryFromAmounts({ min: 4000, max: 5000, interval: '1 MONTH', currency: 'EUR' })?.annualMin).toBe(48000);
    expect(salaryFromAmounts({ min: 130000, max: -1, interval: 'yearly' })?.salary).toMatchObject({ min: 130000, max: null });
  });

  it('treats a single value as both ends', () => {
    expect(salaryFromAmounts({ value: 85000, interval: 'YEAR', currency: 'USD' })?.salary).toMatchObject({ min: 85000, max: 85000 });
  });

  it('does not swap structured figures given max-first', () => {
    const parsed = salaryFromAmounts({ min: 200000, max: 150000, interval: 'YEAR', currency: 'USD' });
    expect(parsed?.salary).toMatchObject({ min: null, max: null });
    expect(parsed?.notes.join(' ')).toMatch(/max-first/);
  });

  it('returns null when there are no figures and no text', () => {
    expect(salaryFromAmounts({ min: null, max: null })).toBeNull();
  });
});
