import { describe, expect, it } from 'vitest';
import { SitePacing } from '../../../shared/applier/pacing';

describe('per-site pacing', () => {
  it('holds submissions to one host apart by the interval, and leaves other hosts alone', () => {
    let now = 1_000_000;
    const pacing = new SitePacing(60_000, () => now);
    expect(pacing.waitFor('boards.greenhouse.io')).toBe(0);
    pacing.recordSubmit('boards.greenhouse.io');
    now += 20_000;
    expect(pacing.waitFor('boards.greenhouse.io')).toBe(40_000);
    expect(pacing.waitFor('jobs.lever.co')).toBe(0);
    now += 40_000;
    expect(pacing.waitFor('boards.greenhouse.io')).toBe(0);
  });
});
