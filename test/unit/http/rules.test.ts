import { describe, expect, it } from 'vitest';
import { FREE_LOGIN_FAILURES, MAX_LOGIN_DELAY_SECONDS, loginDelaySeconds } from '../../../shared/accounts/service';
import { applicationStatuses, manualStatuses, manualTransitions, retryableStatuses } from '../../../shared/applications/schema';
import { containsPattern } from '../../../shared/jobs/search';
import { csvField } from '../../../shared/stats/store';

describe('failed-login slow-down', () => {
  it('lets a few failures pass, then doubles the wait up to a cap', () => {
    expect(loginDelaySeconds(FREE_LOGIN_FAILURES - 1)).toBe(0);
    expect(loginDelaySeconds(FREE_LOGIN_FAILURES)).toBe(1);
    expect(loginDelaySeconds(FREE_LOGIN_FAILURES + 3)).toBe(8);
    expect(loginDelaySeconds(FREE_LOGIN_FAILURES + 40)).toBe(MAX_LOGIN_DELAY_SECONDS);
  });
});

describe('application status rules', () => {
  it('lets a user set only manual statuses, never into the applier-owned ones, and never out of a final one', () => {
    for (const from of applicationStatuses) for (const to of manualTransitions[from]) expect(manualStatuses).toContain(to);
    expect(manualTransitions.pending).toEqual([]);
    expect(manualTransitions.in_progress).toEqual([]);
    expect(manualTransitions.accepted).toEqual([]);
    expect(manualTransitions.rejected).toEqual([]);
    expect(manualTransitions.applied).not.toContain('applied');
    expect([...retryableStatuses].sort()).toEqual(['failed', 'filled']);
  });
});

describe('text matching and CSV', () => {
  it('matches LIKE metacharacters literally', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });

  it('quotes CSV fields per RFC 4180 and defuses formulas', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(42)).toBe('42');
  });
});
