/**
 * What boards do to crawlers, and what the user sees: captchas, login walls, challenge pages and
 * 403s fail the crawl with that reason (keeping the jobs already stored); a 429 with Retry-After
 * and a passing 5xx are waited out; a Retry-After past the deadline fails at once; a board that
 * ignores pagination or changes its markup neither loops nor reports zero jobs.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../fixtures/sites/boards/server';
import { crawlInto, crawlTestBed, spec, storedJobs } from './helpers';

const bed = crawlTestBed();

const reasonOf = (o: { status: string; reason?: string }) => (o.status === 'failed' ? o.reason : `not failed: ${JSON.stringify(o)}`);
const searchRequests = (site: string, pathPrefix: string) => bed.sites.requests.filter((r) => r.site === site && r.path.startsWith(pathPrefix));

describe('blocks end the crawl as failed, with the reason', () => {
  it('a captcha on page 2: failed with "captcha", page 1 jobs kept', async () => {
    const { outcome } = await crawlInto(bed.db, spec('linkedin', 'captcha'));
    expect(outcome).toMatchObject({ status: 'failed', pages: 1, jobsSeen: PAGE_SIZE.linkedin });
    expect(reasonOf(outcome)).toMatch(/^linkedin answered with a captcha page \(http:\/\/127\.0\.0\.1:\d+\/jobs-guest\/jobs\/api\/seeMoreJobPostings\/search\?keywords=captcha&start=25\) on page 2$/);
    expect(await storedJobs(bed.db, `source = 'linkedin'`)).toHaveLength(PAGE_SIZE.linkedin);
  });

  it('a redirect to a login wall: failed with "login wall"', async () => {
    const { outcome } = await crawlInto(bed.db, spec('linkedin', 'login'));
    expect(reasonOf(outcome)).toMatch(/^linkedin answered with a login wall \(http:\/\/127\.0\.0\.1:\d+\/authwall\?.*\) on page 2$/);
  });

  it('a Cloudflare-style challenge on the first page: failed, zero jobs, not "no results"', async () => {
    const { outcome } = await crawlInto(bed.db, spec('indeed', 'challenge'));
    expect(outcome).toMatchObject({ status: 'failed', pages: 0, jobsSeen: 0 });
    expect(reasonOf(outcome)).toMatch(/^indeed answered with a bot-protection challenge page .* on page 1$/);
  });

  it('a plain 403: failed with "403 Forbidden"', async () => {
    const { outcome } = await crawlInto(bed.db, spec('ziprecruiter', 'forbidden'));
    expect(reasonOf(outcome)).toMatch(/^ziprecruiter answered with HTTP 403 Forbidden .* on page 1$/);
  });

  it('a Retry-After longer than the time left: failed as rate limited at once, without waiting an hour', async () => {
    const started = Date.now();
    const { outcome } = await crawlInto(bed.db, spec('indeed', 'throttled'), 30_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reasonOf(outcome)).toMatch(/^indeed 127\.0\.0\.1:\d+ answered HTTP 429; asked to wait 3600s, past the crawl's deadline on page 2$/);
    expect(outcome.jobsSeen).toBe(PAGE_SIZE.indeed);
  });

  it('a markup change: failed as unreadable, not "0 jobs found", page 1 kept', async () => {
    const { outcome } = await crawlInto(bed.db, spec('indeed', 'changed'));
    expect(outcome).toMatchObject({ status: 'failed', pages: 1, jobsSeen: PAGE_SIZE.indeed });
    expect(reasonOf(outcome)).toMatch(/^indeed answered a search page without its job cards data .* on page 2$/);
  });

  it('an address the URL guard refuses (private targets not allowed): failed before any request', async () => {
    const before = bed.sites.requests.length;
    process.env.ALLOW_PRIVATE_TARGETS = 'false';
    try {
      const { outcome } = await crawlInto(bed.db, spec('monster', 'engineer'));
      expect(reasonOf(outcome)).toMatch(/^monster refused to fetch http:\/\/127\.0\.0\.1:\d+ resolves to 127\.0\.0\.1, a private, loopback or link-local address; refused on page 1$/);
    } finally {
      process.env.ALLOW_PRIVATE_TARGETS = 'true';
    }
    expect(bed.sites.requests.length).toBe(before);
  });
});

describe('waiting out what passes', () => {
  it('a 429 with Retry-After: 1 is waited out and the crawl completes', async () => {
    const { outcome } = await crawlInto(bed.db, spec('monster', 'ratelimit'));
    expect(outcome).toMatchObject({ status: 'completed', pages: 3 });
    const page2 = searchRequests('monster', '/jobs/search?q=ratelimit&page=2');
    expect(page2).toHaveLength(2);
    expect(page2[1]!.at - page2[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('a passing 503 is retried with backoff and the crawl completes', async () => {
    const { outcome } = await crawlInto(bed.db, spec('linkedin', 'flaky'));
    expect(outcome.status).toBe('completed');
    expect(searchRequests('linkedin', '/jobs-guest/jobs/api/seeMoreJobPostings/search?keywords=flaky&start=0')).toHaveLength(2);
  });
});

describe('pagination', () => {
  it('a board that ignores the page parameter is read once, not looped over', async () => {
    const { outcome } = await crawlInto(bed.db, spec('linkedin', 'repeat'));
    expect(outcome).toMatchObject({ status: 'completed', pages: 2, jobsSeen: PAGE_SIZE.linkedin });
  });

  it('a deadline that arrives mid-crawl ends it as completed with what it saved, and says so', async () => {
    const { outcome, saves } = await crawlInto(bed.db, spec('monster', 'bench'), 400);
    expect(outcome.status).toBe('completed');
    expect(outcome.status === 'completed' && outcome.note).toMatch(/^stopped at the deadline after \d+ pages$/);
    expect(outcome.jobsSeen).toBe(saves.reduce((a, b) => a + b, 0));
    expect(outcome.jobsSeen).toBeLessThan(1_000);
  });

  it('stops at the board cap of 1,000 results with pages neither skipped nor repeated', async () => {
    const { outcome } = await crawlInto(bed.db, spec('monster', 'bench'), 50_000);
    expect(outcome).toMatchObject({ status: 'completed', pages: 40, jobsSeen: 1_000 });
    const pages = searchRequests('monster', '/jobs/search?q=bench&page=').map((r) => Number(new URL(r.path, 'http://x').searchParams.get('page')));
    expect(pages.slice(-40)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const n = await bed.db.one<{ n: number }>(`select count(*)::int as n from jobs where source = 'monster'`);
    expect(n.n).toBe(1_000);
  });
});
