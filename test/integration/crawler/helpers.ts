/** A crawl run the way the crawl worker runs one: runCrawl into a real database through upsertJobs. */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { runCrawl } from '../../../shared/crawler';
import type { CrawlOutcome, CrawlSpec } from '../../../shared/crawler/port';
import type { CrawlTarget } from '../../../shared/crawls/target';
import type { JobSource } from '../../../shared/jobs/input';
import { upsertJobs } from '../../../shared/jobs/upsert';
import type { FixtureJob } from '../../fixtures/sites/boards/catalog';
import { startBoardSites, type BoardSites } from '../../fixtures/sites/boards/server';
import { freshDatabase } from '../../support/db';

export interface CrawlTestBed {
  db: Db;
  sites: BoardSites;
}

/**
 * For a test file: a fresh database and the fixture board sites, with every source's base URL
 * pointed at them, from beforeAll to afterAll. Read db and sites inside tests (set once beforeAll ran).
 */
export function crawlTestBed(): CrawlTestBed {
  const bed = {} as CrawlTestBed;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    ({ db: bed.db } = await freshDatabase());
    bed.sites = await startBoardSites();
    restoreEnv = bed.sites.useInEnv();
  });
  afterAll(async () => {
    restoreEnv?.();
    await bed.sites?.close();
  });
  return bed;
}

let crawlId = 0;

export function spec(source: JobSource, searchQuery: string, extra: { location?: string; target?: CrawlTarget } = {}): CrawlSpec {
  return { crawlId: ++crawlId, source, searchQuery, location: extra.location ?? null, target: extra.target ?? null };
}

export interface Crawled {
  outcome: CrawlOutcome;
  /** Jobs per save call, as the sink received them. */
  saves: number[];
}

export async function crawlInto(db: Db, s: CrawlSpec, deadlineMs = 45_000): Promise<Crawled> {
  const saves: number[] = [];
  const outcome = await runCrawl(
    s,
    {
      async save(jobs) {
        saves.push(jobs.length);
        await upsertJobs(db, jobs);
      },
    },
    { deadline: Date.now() + deadlineMs },
  );
  return { outcome, saves };
}

export interface StoredJob {
  external_id: string;
  title: string;
  company: string;
  location: string | null;
  description: string | null;
  requirements: string | null;
  salary_min: number | null;
  salary_max: number | null;
  job_type: string | null;
  remote: boolean;
  source: string;
  source_url: string;
  posted_date: string | null;
  metadata: Record<string, any>;
}

export async function storedJobs(db: Db, where: string, params: Record<string, string> = {}): Promise<StoredJob[]> {
  const rows = await db.query<StoredJob & Record<string, unknown>>(
    `select external_id, title, company, location, description, requirements, salary_min, salary_max, job_type, remote,
            source::text as source, source_url, to_char(posted_date at time zone 'UTC', 'YYYY-MM-DD') as posted_date, metadata
       from jobs where ${where} order by external_id`,
    params,
  );
  return rows.map((r) => ({ ...r, metadata: typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata }));
}

const ANNUAL = { year: 1, month: 12, hour: null } as const;

/** The stored row says what the fixture board published, field by field. */
export function expectStoredAsPublished(row: StoredJob, job: FixtureJob, options: { estimatesKept: boolean; minOnlyShownAsRange?: boolean; listsNoJobType?: boolean; company?: string }): void {
  expect(row.title).toBe(job.title);
  expect(row.company).toBe(options.company ?? job.company);
  expect(row.job_type).toBe(options.listsNoJobType ? null : job.jobType);
  expect(row.remote).toBe(job.workplace === 'remote');
  expect(row.posted_date).toBe(job.postedAt);
  if (job.workplace !== 'remote') expect(row.location).toContain(job.city);
  const pay = job.pay;
  if (pay?.provided) {
    const max = pay.max ?? (options.minOnlyShownAsRange ? pay.min : null);
    expect(row.metadata.salary).toMatchObject({ min: pay.min, max, interval: pay.interval, currency: pay.currency });
    const factor = ANNUAL[pay.interval];
    expect(row.salary_min).toBe(factor && pay.min !== null ? pay.min * factor : null);
    expect(row.salary_max).toBe(factor && max !== null ? max * factor : null);
  } else {
    expect(row.salary_min).toBeNull();
    expect(row.metadata.salary).toBeUndefined();
    if (pay && options.estimatesKept) expect(row.metadata.salaryEstimate).toMatchObject({ min: pay.min, interval: pay.interval, currency: pay.currency });
  }
  expect(row.source_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
}
