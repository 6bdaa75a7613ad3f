/**
 * Each job board end to end: runCrawl against its fixture replica into a fresh database through the
 * job store. The rows equal what the board published; a re-crawl updates rows instead of adding
 * them; two searches that see one job store one row. Glassdoor goes through the real browser.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../../shared/browser/chromium';
import { crawlWith } from '../../../shared/crawler';
import { searchJobs } from '../../fixtures/sites/boards/catalog';
import { CATALOG_SIZE, PAGE_SIZE } from '../../fixtures/sites/boards/server';
import { crawlInto, crawlTestBed, expectStoredAsPublished, spec, storedJobs } from './helpers';

const bed = crawlTestBed();
afterAll(() => closeBrowser());

const expected = (query: string, location = '') => searchJobs(CATALOG_SIZE, query, location, 1);

const BOARDS = [
  { source: 'linkedin', idOf: (j: { id: string }) => `linkedin:${j.id}`, estimatesKept: false, pageSize: PAGE_SIZE.linkedin },
  { source: 'indeed', idOf: (j: { key: string }) => `indeed:${j.key}`, estimatesKept: false, pageSize: PAGE_SIZE.indeed },
  { source: 'ziprecruiter', idOf: (j: { key: string }) => `ziprecruiter:${j.key}`, estimatesKept: true, pageSize: PAGE_SIZE.ziprecruiter },
  { source: 'monster', idOf: (j: { key: string }) => `monster:${j.key}`, estimatesKept: false, pageSize: PAGE_SIZE.monster },
] as const;

describe.each(BOARDS)('$source', ({ source, idOf, estimatesKept, pageSize }) => {
  it('stores every job of a multi-page search as the board published it, with its description', async () => {
    const want = expected('engineer');
    const { outcome, saves } = await crawlInto(bed.db, spec(source, 'engineer'));
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: want.length });
    expect(saves.length).toBe(Math.ceil(want.length / pageSize)); // saved page by page, as it went
    const rows = await storedJobs(bed.db, 'source = cast(:source as job_source)', { source });
    expect(rows.map((r) => r.external_id).sort()).toEqual(want.map(idOf).sort());
    for (const job of want) {
      const row = rows.find((r) => r.external_id === idOf(job))!;
      expectStoredAsPublished(row, job, { estimatesKept });
      expect(row.metadata.descriptionText).toContain(job.requirements[0]);
    }
  });

  it('honours the location filter of the search', async () => {
    const want = expected('developer', 'Berlin');
    const { outcome } = await crawlInto(bed.db, spec(source, 'developer', { location: 'Berlin' }));
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: want.length });
    expect(want.length).toBeGreaterThan(0);
  });
});

describe('ziprecruiter legacy results page', () => {
  it('reads the cards of js_variables page by page, completed from each job page', async () => {
    const want = expected('engineer');
    const { outcome, saves } = await crawlInto(bed.db, spec('ziprecruiter', 'engineer legacy'));
    expect(outcome).toMatchObject({ status: 'completed', jobsSeen: want.length });
    expect(saves.length).toBe(Math.ceil(want.length / PAGE_SIZE.ziprecruiter));
    const rows = await storedJobs(bed.db, 'source = cast(:source as job_source)', { source: 'ziprecruiter' });
    for (const job of want) {
      const row = rows.find((r) => r.external_id === `ziprecruiter:${job.key}`)!;
      expectStoredAsPublished(row, job, { estimatesKept: false });
      expect(row.metadata.descriptionText).toContain(job.requirements[0]);
    }
  });
});

describe('re-crawls and overlapping searches', () => {
  it('a re-crawl updates the rows it stored (title, pay) and adds none', async () => {
    const before = await storedJobs(bed.db, `source = 'linkedin'`);
    bed.sites.setRevision(2);
    try {
      const { outcome } = await crawlInto(bed.db, spec('linkedin', 'engineer'));
      expect(outcome.status).toBe('completed');
    } finally {
      bed.sites.setRevision(1);
    }
    const after = await storedJobs(bed.db, `source = 'linkedin'`);
    expect(after.map((r) => r.external_id)).toEqual(before.map((r) => r.external_id));
    const relaunched = after.filter((r) => r.title.endsWith('(Relaunched)'));
    expect(relaunched.length).toBeGreaterThan(0);
    const want = searchJobs(CATALOG_SIZE, 'engineer', '', 2);
    for (const job of want) {
      expectStoredAsPublished(after.find((r) => r.external_id === `linkedin:${job.id}`)!, job, { estimatesKept: false });
    }
  });

  it('two searches that both see a job store it once', async () => {
    await crawlInto(bed.db, spec('indeed', 'developer'));
    const shared = expected('engineer').filter((j) => expected('developer').some((d) => d.key === j.key));
    expect(shared.length).toBeGreaterThan(0);
    for (const job of shared) {
      const rows = await storedJobs(bed.db, 'external_id = :id', { id: `indeed:${job.key}` });
      expect(rows).toHaveLength(1);
    }
    const total = await bed.db.one<{ n: number }>(`select count(*)::int as n from jobs where source = 'indeed'`);
    const distinct = new Set([...expected('engineer'), ...expected('developer'), ...expected('developer', 'Berlin')].map((j) => j.key));
    expect(total.n).toBe(distinct.size);
  });
});

describe('glassdoor (through the browser)', () => {
  it('passes the JavaScript challenge in the browser and stores every job, employer pay apart from estimates', async () => {
    const want = expected('engineer');
    const { outcome } = await crawlInto(bed.db, spec('glassdoor', 'engineer'));
    expect(outcome).toMatchObject({ status: 'completed', pages: Math.ceil(want.length / PAGE_SIZE.glassdoor), jobsSeen: want.length });
    const rows = await storedJobs(bed.db, `source = 'glassdoor'`);
    expect(rows).toHaveLength(want.length);
    for (const job of want) expectStoredAsPublished(rows.find((r) => r.external_id === `glassdoor:${job.id}`)!, job, { estimatesKept: true, minOnlyShownAsRange: true, listsNoJobType: true });
  });

  it('over plain HTTP the challenge page fails the crawl with that reason, not zero jobs', async () => {
    const outcome = await crawlWith(spec('glassdoor', 'engineer'), { save: async () => undefined }, { deadline: Date.now() + 20_000 }, { transport: 'http' });
    expect(outcome).toMatchObject({ status: 'failed', pages: 0, jobsSeen: 0 });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/^glassdoor answered with a bot-protection challenge page \(http:\/\/127\.0\.0\.1:\d+\/Job\/jobs\.htm\?sc\.keyword=engineer\) on page 1$/);
  });
});
