import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../infra/local/schedule-expression';

const at = (iso: string) => new Date(iso);

describe('EventBridge schedule expressions', () => {
  it('fires rates on their boundaries', () => {
    expect(parseSchedule('rate(15 minutes)').next(at('2026-01-01T10:07:30Z')).toISOString()).toBe('2026-01-01T10:15:00.000Z');
    expect(parseSchedule('rate(1 hour)').next(at('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-01T11:00:00.000Z');
    expect(parseSchedule('rate(1 day)').next(at('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('reads cron fields in UTC with names, ranges, lists and steps', () => {
    expect(parseSchedule('cron(0 3 * * ? *)').next(at('2026-01-01T03:00:00Z')).toISOString()).toBe('2026-01-02T03:00:00.000Z');
    expect(parseSchedule('cron(*/20 * * * ? *)').next(at('2026-01-01T10:41:00Z')).toISOString()).toBe('2026-01-01T11:00:00.000Z');
    // 2026-01-01 is a Thursday; MON-FRI at 09:30 next fires on Friday the 2nd.
    expect(parseSchedule('cron(30 9 ? * MON-FRI *)').next(at('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-02T09:30:00.000Z');
    expect(parseSchedule('cron(0 0 1 JAN,JUL ? *)').next(at('2026-02-01T00:00:00Z')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('refuses what it cannot honour', () => {
    expect(() => parseSchedule('rate(5 fortnights)')).toThrow();
    expect(() => parseSchedule('cron(0 0 L * ? *)')).toThrow(/Unsupported/);
    expect(() => parseSchedule('cron(0 0 * *)')).toThrow(/6 fields/);
  });
});
