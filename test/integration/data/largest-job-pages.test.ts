/**
 * Every list of jobs stays within the Data API's 1 MiB a response, at the largest sizes a job's
 * listed columns may have (title, company, location, URL) and the largest page (limit=100): search
 * by each of its two ways (one filter; two, through the newest-first window), recommendations,
 * jobs not applied to and sample query 1; and the ids a crawl's batch of jobs is stored under.
 * (The other lists: largest-pages.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { MAX_PAGE_SIZE } from '../../../shared/http/pagination';
import { jobsMatchingProfile, jobsNotAppliedTo, recommendedJobs } from '../../../shared/jobs/queries';
import { searchJobs } from '../../../shared/jobs/search';
import { JOB_SUMMARY_MAX_RESPONSE_BYTES } from '../../../shared/jobs/summary';
import { RESPONSE_BUDGET_BYTES, rowResponseBytes } from '../../../shared/data/response-budget';
import { UPSERT_CHUNK_ROWS, upsertJobs } from '../../../shared/jobs/upsert';
import { jobSearchQuerySchema } from '../../../shared/jobs/api-schema';
import { freshDatabase } from '../../support/db';
import { createProfile, createUser, jobInput } from '../schema/helpers';
import { euros, largestListedJob, urlOf } from './largest';

const ITEMS = MAX_PAGE_SIZE + 1;

let db: Db;
/** The jobs, newest first. */
let newest: number[];
let userId: number;

beforeAll(async () => {
  db = (await freshDatabase()).db;
  const jobs = Array.from({ length: ITEMS }, () => largestListedJob({ remote: true }));
  // A title with a keyword to search for, at its largest.
  for (const job of jobs) job.title = `Engineer ${euros(491)}`;
  // One statement: one created_at, so newest first is by id.
  newest = (await upsertJobs(db, jobs)).ids.sort((a, b) => b - a);
  userId = await createUser(db);
});

/** Reads every page through its cursor: the pages' sizes and all ids in order. */
async function allPages(read: (cursor: string | undefined) => Promise<{ items: { id: number; title: string; sourceUrl: string }[]; nextCursor: string | null }>) {
  const sizes: number[] = [];
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    sizes.push(page.items.length);
    ids.push(...page.items.map((j) => j.id));
    expect(page.items.every((j) => j.title.length === 500 && j.sourceUrl === urlOf(2048))).toBe(true);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { sizes, ids };
}

describe('a full page of the largest jobs', () => {
  it('search: no filter, one filter, and two (the newest-first window)', async () => {
    for (const filters of [{}, { q: 'engineer' }, { q: 'engineer', remote: 'true' }, { remote: 'true', company: '€' }]) {
      const pages = await allPages((cursor) => searchJobs(db, jobSearchQuerySchema.parse({ ...filters, limit: MAX_PAGE_SIZE, cursor })));
      expect(pages, JSON.stringify(filters)).toEqual({ sizes: [100, 1], ids: newest });
    }
  });

  it('recommendations, by a keyword in the title and with none', async () => {
    const keyword = await createProfile(db, userId, { preferences: { keywords: ['engineer'] } });
    const any = await createProfile(db, userId, { preferences: {} });
    for (const profileId of [keyword, any]) {
      const pages = await allPages((cursor) => recommendedJobs(db, userId, { profileId, limit: MAX_PAGE_SIZE, cursor }));
      expect(pages).toEqual({ sizes: [100, 1], ids: newest });
    }
  });

  it('jobs not applied to, and sample query 1', async () => {
    expect(await allPages((cursor) => jobsNotAppliedTo(db, userId, { limit: MAX_PAGE_SIZE, cursor }))).toEqual({ sizes: [100, 1], ids: newest });
    expect((await jobsMatchingProfile(db, userId, { limit: MAX_PAGE_SIZE })).map((j) => j.id)).toEqual(newest.slice(0, 100));
  });

  it("a crawl's batch of jobs with the longest external ids", async () => {
    const jobs = Array.from({ length: UPSERT_CHUNK_ROWS }, (_, i) => jobInput({ source: 'custom', externalId: `jsonld:careers.example.com:${i}:`.padEnd(512, '€') }));
    expect(jobs.every((j) => j.externalId.length === 512)).toBe(true);
    const stored = await upsertJobs(db, jobs);
    expect(stored.inserted).toBe(UPSERT_CHUNK_ROWS);
    // Each job's key by the number in its external id (the ids themselves would make a response this test cannot read).
    const keys = await db.query<{ id: number; i: number }>(
      `select id, split_part(external_id, ':', 3)::integer as i from job_keys where external_id like 'jsonld:careers.example.com:%' order by i`,
    );
    expect(stored.ids).toEqual(keys.map((k) => k.id));
  });
});

describe('a page of job summaries small enough to go unmeasured', () => {
  /** Text that escapes the most: quotes, backslashes and control characters, 8 bytes each as a response counts them. */
  const worst = (chars: number, head = '') => head + '"\\\u0001'.repeat(chars).slice(0, chars - head.length);

  it('holds rows at their worst within JOB_SUMMARY_MAX_RESPONSE_BYTES, and a statement of as many as go unmeasured within the budget', async () => {
    const { db: own } = await freshDatabase();
    const take = Math.floor(RESPONSE_BUDGET_BYTES / JOB_SUMMARY_MAX_RESPONSE_BYTES);
    expect(take).toBeGreaterThan(21); // the default page (20, and one more to tell whether there is a next)
    const jobs = Array.from({ length: take }, (_, i) => ({
      ...jobInput({ remote: true, jobType: 'full-time', salaryMin: 2 ** 31 - 1, salaryMax: 2 ** 31 - 1, postedDate: new Date(), expiresDate: new Date(Date.now() + 30 * 86_400_000) }),
      title: worst(500, `Engineer ${i} `),
      company: worst(300),
      location: worst(500),
      sourceUrl: worst(2048, 'https://example.com/'),
    }));
    await upsertJobs(own, jobs);
    const [measured] = await own.query<{ largest: number }>(
      `select max(${rowResponseBytes('r')}) as largest
         from (select j.id, j.title, j.company, j.location, j.salary_min, j.salary_max, j.job_type, j.remote, j.source, j.source_url,
                      j.posted_date, j.expires_date, j.is_active, j.created_at, j.created_at::text as created_key, 999999999 as score
                 from jobs j) r`,
    );
    expect(measured!.largest).toBeGreaterThan(0.9 * (JOB_SUMMARY_MAX_RESPONSE_BYTES - 2048));
    expect(measured!.largest).toBeLessThanOrEqual(JOB_SUMMARY_MAX_RESPONSE_BYTES);
    // Read unmeasured, as one statement: the endpoint (which refuses a response over 1 MiB) answers it.
    const page = await searchJobs(own, jobSearchQuerySchema.parse({ q: 'engineer', limit: take - 1 }));
    expect(page.items).toHaveLength(take - 1);
    expect(page.items[0]!.company).toBe(worst(300));
  });
});

