/**
 * Crawls carried through the whole stack: POST /crawls stores a row and sends a message; the local
 * SQS event source hands it to the real crawl worker (functions/workers/crawl.ts), which runs the real
 * crawler against the fixture boards on 127.0.0.1; the outcome and the jobs are read back over the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/jobs/api-schema';
import { boardJobs } from '../../fixtures/sites/boards/ats';
import { careerPostings } from '../../fixtures/sites/boards/career-site';
import { searchJobs } from '../../fixtures/sites/boards/catalog';
import { CATALOG_SIZE, PAGE_SIZE, type BoardSites } from '../../fixtures/sites/boards/server';
import type { TestRuntime } from '../../support/runtime';
import type { Api, Reply, User } from '../api/client';
import { crawlSettled, startCrawlPipeline, type CrawlPipeline } from './helpers';

let runtime: TestRuntime;
let sites: BoardSites;
let api: Api;
let user: User;
let pipeline: CrawlPipeline | undefined;

beforeAll(async () => {
  pipeline = await startCrawlPipeline('crawler');
  ({ runtime, sites, api, user } = pipeline);
});
afterAll(() => pipeline?.stop());

async function startCrawl(body: Record<string, unknown>): Promise<number> {
  const reply = await api.post('/crawls', body, user.token);
  expect(reply.status, reply.text).toBe(202);
  expect(reply.body.status).toBe('queued');
  return reply.body.id;
}


/** Every job a search finds, page by page. */
async function search(query: string): Promise<JobSummary[]> {
  const found: JobSummary[] = [];
  let cursor: string | null = null;
  do {
    const reply: Reply<{ items: JobSummary[]; nextCursor: string | null }> = await api.get(`/jobs?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, user.token);
    expect(reply.status, reply.text).toBe(200);
    found.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return found;
}

const fromSite = (jobs: JobSummary[], origin: string) => jobs.filter((j) => j.sourceUrl.startsWith(`${origin}/`));
const jobRows = async (where: string) => (await runtime.db.one<{ n: number }>(`select count(*)::int as n from jobs where ${where}`)).n;

// What the fixture boards publish for these searches.
const linkedinEngineers = searchJobs(CATALOG_SIZE, 'engineer', '', 1);
const indeedBerlinDevelopers = searchJobs(CATALOG_SIZE, 'developer', 'Berlin', 1);
const acmeBoard = boardJobs('acme', 1);
// The careers site lists every posting but a private one (robots.txt) and one without usable JSON-LD; one page holds two.
const careerJobs = careerPostings(1).filter((p) => p.variant !== 'private' && p.variant !== 'hopeless').length + 1;

describe('crawls through the queue to the real crawler', () => {
  it('board searches, an ATS board and a careers site complete with their jobs, which the job search then finds', async () => {
    const linkedin = await startCrawl({ searchQuery: 'engineer', source: 'linkedin' });
    const indeed = await startCrawl({ searchQuery: 'developer', location: 'Berlin', source: 'indeed' });
    const greenhouse = await startCrawl({ searchQuery: '*', source: 'custom', target: { kind: 'greenhouse', board: 'acme' } });
    const careers = await startCrawl({ searchQuery: '*', source: 'custom', target: { kind: 'site', url: `${sites.baseUrls.careers}/careers` } });

    const expected = [
      [linkedin, linkedinEngineers.length],
      [indeed, indeedBerlinDevelopers.length],
      [greenhouse, acmeBoard.length],
      [careers, careerJobs],
    ] as const;
    for (const [id, jobsFound] of expected) {
      const crawl = await crawlSettled(api, id, user.token);
      expect(crawl, JSON.stringify(crawl)).toMatchObject({ status: 'completed', jobsFound, errorMessage: null });
      expect(crawl.startedAt).not.toBeNull();
      expect(crawl.completedAt).not.toBeNull();
    }

    const linkedinJobs = await search('q=engineer&source=linkedin');
    expect(linkedinJobs.map((j) => j.title).sort()).toEqual(linkedinEngineers.map((j) => j.title).sort());
    expect(fromSite(linkedinJobs, sites.baseUrls.linkedin)).toHaveLength(linkedinEngineers.length);

    const indeedJobs = await search('source=indeed');
    expect(indeedJobs.map((j) => j.title).sort()).toEqual(indeedBerlinDevelopers.map((j) => j.title).sort());

    const custom = await search('source=custom');
    // A Greenhouse job's address is its hosted job page (job-boards.greenhouse.io, here the form site), not the board API's host.
    expect(fromSite(custom, sites.formsUrl).map((j) => j.title).sort()).toEqual(acmeBoard.map((j) => j.title).sort());
    expect(fromSite(custom, sites.baseUrls.careers)).toHaveLength(careerJobs);
    expect(custom).toHaveLength(acmeBoard.length + careerJobs);

    // One job's page has what the board published, description included.
    const one = await api.get(`/jobs/${linkedinJobs[0]!.id}`, user.token);
    expect(one.status).toBe(200);
    expect(one.body.externalId).toMatch(/^linkedin:\d+$/);
    expect(one.body.metadata.descriptionText).toContain('3+ years of professional experience');
  });

  it('a re-crawl of the same search updates the jobs it stored and adds no rows', async () => {
    const before = await jobRows(`source = 'linkedin'`);
    expect(before).toBe(linkedinEngineers.length);
    // Revision 2 of the board retitles every third job.
    sites.setRevision(2);
    try {
      const again = await crawlSettled(api, await startCrawl({ searchQuery: 'engineer', source: 'linkedin' }), user.token);
      expect(again).toMatchObject({ status: 'completed', jobsFound: linkedinEngineers.length });
    } finally {
      sites.setRevision(1);
    }
    expect(await jobRows(`source = 'linkedin'`)).toBe(before);
    const relaunched = searchJobs(CATALOG_SIZE, 'engineer', '', 2).filter((j) => j.title.endsWith('(Relaunched)'));
    expect(relaunched.length).toBeGreaterThan(0);
    const found = await search('q=relaunched&source=linkedin');
    expect(found.map((j) => j.title).sort()).toEqual(relaunched.map((j) => j.title).sort());
    expect((await search('source=linkedin')).length).toBe(before);
  });

  it('a board search that runs through the browser (Glassdoor, behind a JavaScript challenge) completes', async () => {
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'engineer', source: 'glassdoor' }), user.token, 90_000);
    expect(crawl).toMatchObject({ status: 'completed', jobsFound: linkedinEngineers.length, errorMessage: null });
    expect(await search('q=engineer&source=glassdoor')).toHaveLength(linkedinEngineers.length);
  });

  it('a captcha on page 2 fails the crawl with that reason, keeping the page-1 jobs it found', async () => {
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'captcha', source: 'linkedin' }), user.token);
    expect(crawl.status).toBe('failed');
    expect(crawl.errorMessage).toMatch(/^linkedin answered with a captcha page \(http:\/\/127\.0\.0\.1:\d+\/jobs-guest\/jobs\/api\/seeMoreJobPostings\/search\?keywords=captcha&start=25\) on page 2$/);
    expect(crawl.jobsFound).toBe(PAGE_SIZE.linkedin);
    const failed = await api.get('/crawls?status=failed', user.token);
    expect(failed.body.items.map((c: { id: number }) => c.id)).toEqual([crawl.id]);
  });

  it('a challenge page on page 1 fails the crawl with that reason and no jobs', async () => {
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'challenge', source: 'indeed' }), user.token);
    expect(crawl).toMatchObject({ status: 'failed', jobsFound: 0 });
    expect(crawl.errorMessage).toMatch(/^indeed answered with a bot-protection challenge page .* on page 1$/);
  });
});
