/**
 * Job search (searchJobs) pages exactly: every active match once, newest first, while new jobs
 * arrive between pages, whichever way a page is read. A search with two or more filters reads a
 * page from the newest NEWEST_FIRST_WINDOW jobs after the cursor when they hold a full page, and
 * otherwise from the matches collected by index; the jobs here are laid out so that paging one
 * search goes through both, and from one to the other and back.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import type { JobSearchQuery } from '../../../shared/jobs/api-schema';
import { NEWEST_FIRST_WINDOW, searchJobs } from '../../../shared/jobs/search';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { freshDatabase } from '../../support/db';
import { jobInput, layOutJobKeys } from './helpers';

let db: Db;
let direct: pg.Client;

/**
 * Jobs by age, newest first (five share each first-seen instant, so pages also split ties by id):
 *   recent  40 jobs, every other one a Kotlin job in Lisbon;
 *   gap     NEWEST_FIRST_WINDOW + 100 jobs that match only one of the two (Kotlin in Berlin, Python
 *           in Lisbon), and every 97th of them remote;
 *   old     40 jobs, every other one a Kotlin job in Lisbon, a quarter of those inactive;
 * and every third job of recent and old remote;
 * spread over the last three months, so over several partitions.
 */
const RECENT = 40;
const GAP = NEWEST_FIRST_WINDOW + 100;
const OLD = 40;

beforeAll(async () => {
  let url: string;
  ({ db, url } = await freshDatabase());
  direct = new pg.Client(url);
  await direct.connect();
  await layOutJobKeys(direct, 'search', { recent: RECENT, gap: GAP, old: OLD });
  await direct.query(
    `insert into jobs (id, created_at, last_seen_at, source, external_id, title, company, location, description, remote, source_url, metadata, is_active)
     select k.id, k.created_at, k.created_at, k.source, k.external_id,
            case when m.kotlin then 'Kotlin Developer' else 'Python Developer' end,
            'Company ' || (m.g % 7),
            case when m.lisbon then 'Lisbon, Portugal' else 'Berlin, Germany' end,
            '<p>Backend services.</p>', case when m.part = 'gap' then m.g % 97 = 0 else m.g % 3 = 0 end, 'https://jobs.example.com/' || k.id, '{}',
            not (m.part = 'old' and m.g % 8 = 0)
       from job_keys k
       cross join lateral (select split_part(k.external_id, '-', 2)::int as g, split_part(k.external_id, '-', 3) as part) p
       cross join lateral (
         select p.g, p.part,
                case when p.part = 'gap' then p.g % 2 = 0 else true end as kotlin,
                case when p.part = 'gap' then p.g % 2 = 1 else p.g % 2 = 0 end as lisbon) m
      where k.external_id like 'linkedin:search-%'`,
  );
  await direct.query('analyze jobs');
});
afterAll(() => direct?.end());

/** What a search must list, worked out from the stored rows without full text or the search's SQL. */
async function expectedIds(where: string): Promise<number[]> {
  const { rows } = await direct.query<{ id: string }>(`select id from jobs where is_active and ${where} order by created_at desc, id desc`);
  return rows.map((r) => Number(r.id));
}

let arrivals = 0;
/** Reads every page; after each, a new job that matches every filter arrives. */
async function pageThrough(query: Omit<JobSearchQuery, 'limit' | 'cursor'>, limit: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await searchJobs(db, { ...query, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((j) => j.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
    await upsertJobs(db, [
      jobInput({ title: 'Kotlin Developer', location: 'Lisbon, Portugal', company: 'Company 3', remote: true, externalId: `linkedin:search-late-${++arrivals}` }),
    ]);
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('searchJobs paging', () => {
  it('lists keyword and location matches exactly once, newest first, across the window and past it', async () => {
    const expected = await expectedIds(`title like 'Kotlin%' and location like 'Lisbon%'`);
    expect(expected).toHaveLength(RECENT / 2 + OLD / 2 - OLD / 8);
    const { ids, pages } = await pageThrough({ q: 'kotlin', location: 'lisbon' }, 7);
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('pages a search with two filters and no keywords the same way', async () => {
    const expected = await expectedIds(`location like 'Lisbon%' and remote`);
    expect(expected.length).toBeGreaterThan(20);
    const { ids } = await pageThrough({ location: 'lisbon', remote: true }, 5);
    expect(ids).toEqual(expected);
  });

  it('finds a rare combination of keywords and company past the window, and nothing when there is none', async () => {
    const expected = await expectedIds(`title like 'Kotlin%' and location like 'Lisbon%' and company = 'Company 4'`);
    expect(expected.length).toBeGreaterThan(0);
    expect((await pageThrough({ q: 'kotlin', location: 'lisbon', company: 'company 4' }, 3)).ids).toEqual(expected);
    expect((await searchJobs(db, { q: 'kotlin', company: 'no such company', limit: 20 })).items).toEqual([]);
  });
});
