/**
 * Recommendations (recommendedJobs) page exactly across their scores: every match once, title
 * matches first, then text matches, each newest first. A score is read from the newest
 * RECOMMENDED_WINDOW active jobs after the cursor when they hold what the page needs, and otherwise
 * from all matches found by index; the jobs here are laid out so that paging goes through both, in
 * both scores, and from one score to the next within a page.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { RECOMMENDED_WINDOW, recommendedJobs, type RecommendedJob } from '../../../shared/jobs/queries';
import { freshDatabase } from '../../support/db';
import { createApplication, createProfile, createUser, layOutJobKeys } from './helpers';

let db: Db;
let direct: pg.Client;

/**
 * Jobs by age, newest first (five share each first-seen instant, so pages also split ties by id),
 * in turn a Kotlin title, Kotlin in the text only, and neither:
 *   recent  30 jobs in Lisbon;
 *   gap     RECOMMENDED_WINDOW + 100 jobs, Kotlin in the title but in Berlin, except every 97th in
 *           "Lisbon" (the others say "Lisbon, Portugal");
 *   old     30 jobs in Lisbon, an eighth of them inactive;
 * spread over the last three months, so over several partitions.
 */
const RECENT = 30;
const GAP = RECOMMENDED_WINDOW + 100;
const OLD = 30;

beforeAll(async () => {
  let url: string;
  ({ db, url } = await freshDatabase());
  direct = new pg.Client(url);
  await direct.connect();
  await layOutJobKeys(direct, 'recommended', { recent: RECENT, gap: GAP, old: OLD });
  await direct.query(
    `insert into jobs (id, created_at, last_seen_at, source, external_id, title, company, location, description, remote, source_url, metadata, is_active)
     select k.id, k.created_at, k.created_at, k.source, k.external_id,
            case when m.part = 'gap' or m.g % 3 = 0 then 'Kotlin Developer' else 'Backend Developer' end,
            'Company ' || (m.g % 7),
            case when m.part <> 'gap' then 'Lisbon, Portugal' when m.g % 97 = 0 then 'Lisbon' else 'Berlin, Germany' end,
            case when m.part <> 'gap' and m.g % 3 = 2 then '<p>Java services.</p>' else '<p>Kotlin services.</p>' end,
            false, 'https://jobs.example.com/' || k.id, '{}',
            not (m.part = 'old' and m.g % 8 = 0)
       from job_keys k
       cross join lateral (select split_part(k.external_id, '-', 2)::int as g, split_part(k.external_id, '-', 3) as part) m
      where k.external_id like 'linkedin:recommended-%'`,
  );
  await direct.query('analyze jobs');
});
afterAll(() => direct?.end());

/** What the recommendations must list, worked out from the stored rows without full text or the query's SQL. */
async function expected(userId: number): Promise<[number, number][]> {
  const { rows } = await direct.query<{ id: string; score: number }>(
    `select id, case when title like 'Kotlin%' then 2 else 1 end as score
       from jobs j
      where is_active and location like 'Lisbon%' and (title like 'Kotlin%' or description like '%Kotlin%')
        and not exists (select 1 from job_applications a where a.user_id = $1 and a.job_id = j.id)
      order by score desc, created_at desc, id desc`,
    [userId],
  );
  return rows.map((r) => [Number(r.id), r.score]);
}

async function pageThrough(userId: number, limit: number): Promise<{ items: RecommendedJob[]; pages: number }> {
  const items: RecommendedJob[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await recommendedJobs(db, userId, { limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 200);
  return { items, pages };
}

describe('recommendedJobs paging', () => {
  it('lists title matches, then text matches, each once and newest first, across the window and past it', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { location: 'Lisbon', preferences: { keywords: ['Kotlin'] } });
    const { rows: gapMatch } = await direct.query<{ id: string }>(
      `select id from jobs where external_id like 'linkedin:recommended-%-gap' and location like 'Lisbon%' order by created_at desc limit 1`,
    );
    await createApplication(db, user, Number(gapMatch[0]!.id));
    const want = await expected(user);
    // recent and old: a third each way, less old's inactive ones; the gap: every 97th, less the one applied to.
    expect(want.filter(([, score]) => score === 1).length).toBeGreaterThan(10);
    expect(want.filter(([, score]) => score === 2).length).toBeGreaterThan(GAP / 97);
    const { items, pages } = await pageThrough(user, 9);
    expect(items.map((j) => [j.id, j.score])).toEqual(want);
    expect(pages).toBe(Math.ceil(want.length / 9));
  });

  it('pages the same way when a keyword is too short to look up in the titles by trigram', async () => {
    const user = await createUser(db);
    // "Go" is in no title and no text here: the same jobs as for Kotlin alone.
    await createProfile(db, user, { location: 'Lisbon', preferences: { keywords: ['Kotlin', 'Go'] } });
    const want = await expected(user);
    const { items } = await pageThrough(user, 25);
    expect(items.map((j) => [j.id, j.score])).toEqual(want);
  });

  it('lists newest first without keywords, past the window too', async () => {
    const user = await createUser(db);
    await createProfile(db, user, { location: 'Portugal', preferences: { excludedCompanies: ['company 3'] } });
    const { rows } = await direct.query<{ id: string }>(
      `select id from jobs where is_active and location like '%Portugal' and company <> 'Company 3' order by created_at desc, id desc`,
    );
    const { items } = await pageThrough(user, 8);
    expect(items.map((j) => [j.id, j.score])).toEqual(rows.map((r) => [Number(r.id), 0]));
  });
});
