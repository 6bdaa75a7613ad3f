/**
 * Per-site pacing in the database, as every apply worker shares it: slots one interval apart however
 * many workers ask at once, a refusal that claims nothing, hosts independent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DatabaseSitePacing } from '../../../shared/applications/site-pacing';
import type { Db } from '../../../shared/data/types';
import { freshDatabase } from '../../support/db';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshDatabase());
});

describe('per-site pacing in the database', () => {
  it('gives five workers asking at once five different slots an interval apart', async () => {
    const pacing = new DatabaseSitePacing(() => db, () => 60_000);
    const waits = await Promise.all(Array.from({ length: 5 }, () => pacing.reserve('boards.greenhouse.io', 10 * 60_000)));
    const sorted = (waits as number[]).sort((a, b) => a - b);
    expect(sorted[0]).toBe(0);
    // Each slot starts one interval after the one before (give or take the statements' own clocks).
    for (let i = 1; i < sorted.length; i++) expect(Math.abs(sorted[i]! - sorted[i - 1]! - 60_000)).toBeLessThan(1_000);
  });

  it('refuses a slot further away than the attempt can wait, without claiming it, and keeps hosts apart', async () => {
    const pacing = new DatabaseSitePacing(() => db, () => 60_000);
    expect(await pacing.reserve('jobs.lever.co', 0)).toBe(0);
    expect(await pacing.reserve('jobs.lever.co', 30_000)).toBeNull();
    const next = await pacing.reserve('jobs.lever.co', 90_000);
    expect(next).toBeGreaterThan(58_000);
    expect(next).toBeLessThanOrEqual(60_000);
    expect(await pacing.reserve('jobs.ashbyhq.com', 0)).toBe(0);
  });

  it('gives a slot at once when the interval since the last one has passed', async () => {
    const pacing = new DatabaseSitePacing(() => db, () => 200);
    expect(await pacing.reserve('careers.example.com', 0)).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await pacing.reserve('careers.example.com', 0)).toBe(0);
  });
});
