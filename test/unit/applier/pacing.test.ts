import { describe, expect, it } from 'vitest';
import { MemorySitePacing } from '../../../shared/applier/pacing';

describe('per-site pacing in memory', () => {
  it('gives submissions to one host slots an interval apart, refuses a slot past the wait allowed, and leaves other hosts alone', async () => {
    let now = 1_000_000;
    const pacing = new MemorySitePacing(60_000, () => now);
    expect(await pacing.reserve('boards.greenhouse.io', 0)).toBe(0);
    now += 20_000;
    expect(await pacing.reserve('boards.greenhouse.io', 30_000)).toBeNull();
    expect(await pacing.reserve('boards.greenhouse.io', 40_000)).toBe(40_000);
    // The refused ask claimed nothing: the next slot is after the one just given.
    expect(await pacing.reserve('boards.greenhouse.io', 200_000)).toBe(100_000);
    expect(await pacing.reserve('jobs.lever.co', 0)).toBe(0);
  });
});
