/**
 * EventBridge schedule expressions, for the local scheduler: `rate(5 minutes)` and
 * `cron(minutes hours day-of-month month day-of-week year)` in UTC, with *, ?, lists, ranges,
 * steps and names (the subset our schedule table uses; L, W and # are refused, not ignored).
 */
export interface Schedule {
  /** The next firing strictly after `after`. */
  next(after: Date): Date;
}

const UNITS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(text: string, min: number, max: number, names: string[] = [], nameBase = min): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  if (/[LW#]/.test(text.toUpperCase().replace(/[A-Z]{3}/g, ''))) throw new Error(`Unsupported cron field: ${text}`);
  const value = (token: string) => {
    const i = names.indexOf(token.toUpperCase());
    const n = i >= 0 ? i + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Cron value out of range: ${token}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    if (!Number.isInteger(step) || step < 1) throw new Error(`Bad cron step: ${part}`);
    const [lo, hi] = range === '*' ? [min, max] : range!.includes('-') ? range!.split('-').map(value) : [value(range!), stepText ? max : value(range!)];
    for (let n = lo!; n <= hi!; n += step) out.add(n);
  }
  return out;
}

export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression);
  if (rate) {
    const every = Number(rate[1]) * UNITS[rate[2]!]!;
    if (every <= 0) throw new Error(`Bad rate: ${expression}`);
    return { next: (after) => new Date(Math.floor(after.getTime() / every) * every + every) };
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (!cron) throw new Error(`Not an EventBridge schedule expression: ${expression}`);
  const parts = cron[1]!.trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`cron() takes 6 fields: ${expression}`);
  const [mi, ho, dom, mo, dow, yr] = parts as [string, string, string, string, string, string];
  const minutes = field(mi, 0, 59);
  const hours = field(ho, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(mo, 1, 12, MONTHS, 1);
  const weekdays = field(dow, 1, 7, DAYS, 1); // EventBridge: 1 = Sunday
  const years = field(yr, 1970, 2199);
  const matches = (d: Date) =>
    (!minutes || minutes.has(d.getUTCMinutes())) &&
    (!hours || hours.has(d.getUTCHours())) &&
    (!days || days.has(d.getUTCDate())) &&
    (!months || months.has(d.getUTCMonth() + 1)) &&
    (!weekdays || weekdays.has(d.getUTCDay() + 1)) &&
    (!years || years.has(d.getUTCFullYear()));
  return {
    next(after) {
      const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      for (let i = 0; i < 60 * 24 * 366 * 2; i++, t.setTime(t.getTime() + 60_000)) if (matches(t)) return new Date(t);
      throw new Error(`cron never fires within two years: ${expression}`);
    },
  };
}
