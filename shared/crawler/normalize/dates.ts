/** Dates as sources give them: ISO strings, date-only strings, epoch milliseconds, "3 days ago". */

const DAY_MS = 86_400_000;

/** A Date, or null for anything missing or unparseable (never "now" as a guess). */
export function parseDate(input: unknown): Date | null {
  if (input == null || input === '') return null;
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? null : input;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input <= 0) return null;
    const ms = input < 1e11 ? input * 1000 : input; // epoch seconds or milliseconds
    return new Date(ms);
  }
  if (typeof input !== 'string') return null;
  const s = input.trim();
  if (/^\d{10,13}$/.test(s)) return parseDate(Number(s));
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** The UTC midnight `days` days before `now`: what "posted 3 days ago" can honestly claim. */
export function daysAgo(days: number, now: Date = new Date()): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - Math.max(0, Math.floor(days)) * DAY_MS);
}

/** "Just posted", "Today", "3 days ago", "30+ days ago", "1 week ago"; null when unknown. */
export function parseRelativeAge(text: string | null | undefined, now: Date = new Date()): Date | null {
  if (!text) return null;
  const t = text.toLowerCase();
  if (/just posted|today|moments? ago|hours? ago|minutes? ago|new\b/.test(t)) return daysAgo(0, now);
  if (/yesterday/.test(t)) return daysAgo(1, now);
  const m = /(\d+)\+?\s*(day|week|month)s?\s*ago/.exec(t);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] === 'week' ? 7 : m[2] === 'month' ? 30 : 1;
  return daysAgo(n * unit, now);
}
