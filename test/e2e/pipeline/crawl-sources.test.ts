/**
 * Every source through the whole stack (LinkedIn, Indeed, Glassdoor through the browser, ZipRecruiter,
 * Monster, Greenhouse, Lever, Ashby, Workday, SmartRecruiters, Workable, Recruitee, Personio,
 * Teamtailor, a JSON-LD careers site): POST /crawls → the local SQS event
 * source → the real crawl worker → the real crawler against the fixture boards → rows in the
 * database, read back over GET /jobs/:id. What each job's page says is compared field by field with what the fixture board
 * published (the fixture's own builders give the published URLs, ids, pay and expiry). Then what
 * boards do to crawlers, through the worker: a 429 with Retry-After is waited out, a captcha on
 * page 2 fails the crawl with the reason and keeps page 1, searchable; and a re-crawl of a changed
 * board updates its rows without adding any.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobSummary } from '../../../shared/jobs/api-schema';
import { ashbyBoard, boardJobs, greenhouseBoard, leverPostings } from '../../fixtures/sites/boards/ats';
import { boardEmployer } from '../../fixtures/sites/boards/ats-pages';
import { glassdoorSearch, monsterResult, zipCard } from '../../fixtures/sites/boards/boards';
import { personioId, personioSubcompany } from '../../fixtures/sites/boards/personio';
import { recruiteeCloseDate, recruiteeId, recruiteeSlug } from '../../fixtures/sites/boards/recruitee';
import { smartRecruitersId, smartRecruitersPostingUrl } from '../../fixtures/sites/boards/smartrecruiters';
import { teamtailorId, teamtailorJobPath, teamtailorValidThrough } from '../../fixtures/sites/boards/teamtailor';
import { workableAccountName, workableShortcode } from '../../fixtures/sites/boards/workable';
import { workdayEndDate, workdayPath, workdayReqId } from '../../fixtures/sites/boards/workday';
import { CAREER_SITE_NAME, careerPostings, postingPage } from '../../fixtures/sites/boards/career-site';
import { fixtureJob, searchJobs, type FixtureJob } from '../../fixtures/sites/boards/catalog';
import { CATALOG_SIZE, PAGE_SIZE, type BoardSites } from '../../fixtures/sites/boards/server';
import { expectStoredAsPublished, type StoredJob } from '../../integration/crawler/helpers';
import type { TestRuntime } from '../../support/runtime';
import type { Api, Reply, User } from '../api/client';
import { crawlSettled, startCrawlPipeline, type CrawlPipeline } from './helpers';

let runtime: TestRuntime;
let sites: BoardSites;
let api: Api;
let user: User;
let pipeline: CrawlPipeline | undefined;

beforeAll(async () => {
  pipeline = await startCrawlPipeline('sources');
  ({ runtime, sites, api, user } = pipeline);
});
afterAll(() => pipeline?.stop());

/** One job as a fixture board published it, with what the stored job should say beyond the catalog's fields. */
interface Published {
  job: FixtureJob;
  externalId: string;
  /** The board's canonical address of the posting: no tracking parameters. */
  sourceUrl: string;
  /** Where applying starts, as the ATS's answer gives it (metadata.applyUrl); null: the posting's page holds its form. Unset: not compared. */
  applyUrl?: string | null;
  expiresDate: string | null;
  /** The company the source names (Lever and Ashby: the one their board's page names; a Personio position without a subcompany: the board's name). */
  company: string;
  /** False when the source lists no job type. */
  listsJobType: boolean;
  /** A board estimate of pay kept apart from the job's pay (ZipRecruiter, Glassdoor). */
  estimatesKept: boolean;
  /** Glassdoor's search shows a minimum-only pay as a range from the minimum to the minimum. */
  minOnlyShownAsRange?: boolean;
  /** What the stored description (its text, or the requirements kept apart) must say. */
  describedBy: string[];
}

interface SourceCase {
  name: string;
  /** The POST /crawls body (once the fixture sites run: it may name their URLs). */
  crawl: () => Record<string, unknown>;
  /** Which rows are this source's. */
  where: string;
  published(revision: number): Published[];
}

const base = (site: keyof BoardSites['baseUrls']) => sites.baseUrls[site];
// The posting's opening sentence and its first requirement.
const fullText = (job: FixtureJob) => [`${job.company} is hiring a ${job.title} to join the team in ${job.city}.`, job.requirements[0]!];
const board = (job: FixtureJob) => ({ company: job.company, listsJobType: true, estimatesKept: false, expiresDate: null, describedBy: fullText(job) });
const engineers = (revision: number) => searchJobs(CATALOG_SIZE, 'engineer', '', revision);

const SOURCES: SourceCase[] = [
  {
    name: 'linkedin',
    crawl: () => ({ searchQuery: 'engineer', source: 'linkedin' }),
    where: `source = 'linkedin'`,
    // The cards link to /jobs/view/<slug>-<id>?position=…&refId=…&trackingId=…; the posting's own address is /jobs/view/<id>.
    published: (r) => engineers(r).map((job) => ({ ...board(job), job, externalId: `linkedin:${job.id}`, sourceUrl: `${base('linkedin')}/jobs/view/${job.id}` })),
  },
  {
    name: 'indeed',
    crawl: () => ({ searchQuery: 'engineer', source: 'indeed' }),
    where: `source = 'indeed'`,
    // The cards link to /rc/clk?jk=…&from=…&tk=…; the posting's own page is /viewjob?jk=<key>.
    published: (r) => engineers(r).map((job) => ({ ...board(job), job, externalId: `indeed:${job.key}`, sourceUrl: `${base('indeed')}/viewjob?jk=${job.key}` })),
  },
  {
    name: 'glassdoor',
    crawl: () => ({ searchQuery: 'engineer', source: 'glassdoor' }),
    where: `source = 'glassdoor'`,
    // Through the browser (the board is behind a JavaScript challenge). The posting's address is the listing's seoJobLink.
    published: (r) =>
      engineers(r).map((job) => {
        const page = glassdoorSearch([job], base('glassdoor'), 1, 1, 1, 'engineer');
        const sourceUrl = /"seoJobLink":"([^"]+)"/.exec(page)![1]!;
        return { ...board(job), job, listsJobType: false, estimatesKept: true, minOnlyShownAsRange: true, describedBy: job.requirements, externalId: `glassdoor:${job.id}`, sourceUrl };
      }),
  },
  {
    name: 'ziprecruiter',
    crawl: () => ({ searchQuery: 'engineer', source: 'ziprecruiter' }),
    where: `source = 'ziprecruiter'`,
    published: (r) => engineers(r).map((job) => zipPublished(job)),
  },
  {
    name: 'monster',
    crawl: () => ({ searchQuery: 'engineer', source: 'monster' }),
    where: `source = 'monster'`,
    published: (r) => engineers(r).map((job) => monsterPublished(job)),
  },
  {
    name: 'greenhouse',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'greenhouse', board: 'acme' } }),
    where: `external_id like 'greenhouse:acme:%'`,
    published: (r) => {
      const jobs = boardJobs('acme', r);
      const answer = greenhouseBoard('acme', jobs, sites.formsUrl) as { jobs: Array<{ id: number; absolute_url: string }> };
      // Greenhouse's API has no job type field; its job page holds the form.
      return jobs.map((job, i) => ({ ...board(job), job, listsJobType: false, externalId: `greenhouse:acme:${answer.jobs[i]!.id}`, sourceUrl: answer.jobs[i]!.absolute_url, applyUrl: null }));
    },
  },
  {
    name: 'lever',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'lever', site: 'acme' } }),
    where: `external_id like 'lever:acme:%'`,
    published: (r) => {
      const jobs = boardJobs('acme', r);
      const postings = leverPostings('acme', jobs, sites.formsUrl) as Array<{ id: string; hostedUrl: string; applyUrl: string; salaryRange?: unknown }>;
      return jobs.map((job, i) => {
        const p = postings[i]!;
        // Lever's postings carry no company name: the site's page names it. Pay only where a salaryRange is published.
        return { ...board(job), job: { ...job, pay: p.salaryRange ? job.pay : null }, company: boardEmployer('acme')!, externalId: `lever:acme:${p.id}`, sourceUrl: p.hostedUrl, applyUrl: p.applyUrl };
      });
    },
  },
  {
    name: 'ashby',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'ashby', board: 'acme' } }),
    where: `external_id like 'ashby:acme:%'`,
    published: (r) => {
      const jobs = boardJobs('acme', r);
      const answer = ashbyBoard('acme', jobs, sites.formsUrl) as { jobs: Array<{ id: string; jobUrl: string; applyUrl: string; isListed: boolean; compensation?: unknown }> };
      // Unlisted jobs are not on the board; pay only where compensation is published; no company field: the board's page names it.
      return jobs
        .map((job, i) => ({ job, a: answer.jobs[i]! }))
        .filter(({ a }) => a.isListed)
        .map(({ job, a }) => ({ ...board(job), job: { ...job, pay: a.compensation ? job.pay : null }, company: boardEmployer('acme')!, externalId: `ashby:acme:${a.id}`, sourceUrl: a.jobUrl, applyUrl: a.applyUrl }));
    },
  },
  {
    name: 'workday',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'acme' } }),
    where: `external_id like 'workday:acme:acme:%'`,
    // Workday publishes no pay and a time type only (full or part time); the detail names the hiring organization, any end date, and the page (externalUrl) whose /apply starts an application.
    published: (r) =>
      boardJobs('acme', r).map((job) => {
        const end = workdayEndDate(job);
        return {
          ...board(job),
          job: { ...job, pay: null, jobType: job.jobType === 'part-time' ? 'part-time' : 'full-time' },
          externalId: `workday:acme:acme:${workdayReqId(job)}`,
          sourceUrl: `${base('workday')}/acme${workdayPath(job)}`,
          applyUrl: `${base('workday')}/acme${workdayPath(job)}/apply`,
          expiresDate: end ? `${end}T00:00:00.000Z` : null,
        };
      }),
  },
  {
    name: 'smartrecruiters',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'smartrecruiters', board: 'acme' } }),
    where: `external_id like 'smartrecruiters:acme:%'`,
    // No pay in SmartRecruiters' answers; the posting's public page (jobs.smartrecruiters.com, the form site's) and its applyUrl as the detail names them.
    published: (r) =>
      boardJobs('acme', r).map((job) => {
        const posting = smartRecruitersPostingUrl(job, 'acme', `${sites.formsUrl}/smartrecruiters`);
        return { ...board(job), job: { ...job, pay: null }, externalId: `smartrecruiters:acme:${smartRecruitersId(job)}`, sourceUrl: posting, applyUrl: `${posting}?oga=true` };
      }),
  },
  {
    name: 'workable',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'workable', board: 'acme' } }),
    where: `external_id like 'workable:acme:%'`,
    // The account's name is every job's company; no pay.
    published: (r) => {
      const jobs = boardJobs('acme', r);
      return jobs.map((job) => ({
        ...board(job),
        job: { ...job, pay: null },
        company: workableAccountName(jobs),
        externalId: `workable:acme:${workableShortcode(job)}`,
        sourceUrl: `${base('workable')}/j/${workableShortcode(job)}`,
        applyUrl: `${base('workable')}/j/${workableShortcode(job)}/apply`,
      }));
    },
  },
  {
    name: 'recruitee',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'recruitee', board: 'acme' } }),
    where: `external_id like 'recruitee:acme:%'`,
    // Pay as the offer states it (an employer's figure only); a closing date where the offer has one.
    published: (r) =>
      boardJobs('acme', r).map((job) => {
        const close = recruiteeCloseDate(job);
        const offer = `${base('recruitee')}/acme/o/${recruiteeSlug(job)}`;
        return { ...board(job), job, externalId: `recruitee:acme:${recruiteeId(job)}`, sourceUrl: offer, applyUrl: `${offer}/c/new`, expiresDate: close ? `${close}T00:00:00.000Z` : null };
      }),
  },
  {
    name: 'personio',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'personio', board: 'acme' } }),
    where: `external_id like 'personio:acme:%'`,
    // The position's subcompany, else (the feed names no company) the board's name; no pay; the position's page holds its form.
    published: (r) =>
      boardJobs('acme', r).map((job) => ({ ...board(job), job: { ...job, pay: null }, company: personioSubcompany(job) ?? 'acme', externalId: `personio:acme:${personioId(job)}`, sourceUrl: `${base('personio')}/acme/job/${personioId(job)}`, applyUrl: null })),
  },
  {
    name: 'teamtailor',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'teamtailor', board: 'acme' } }),
    where: `external_id like 'teamtailor:acme:%'`,
    // The job page's JSON-LD: no pay; an end date (validThrough, local midnight) on some; the page holds its form.
    published: (r) =>
      boardJobs('acme', r).map((job) => {
        const until = teamtailorValidThrough(job);
        return { ...board(job), job: { ...job, pay: null }, externalId: `teamtailor:acme:${teamtailorId(job)}`, sourceUrl: `${base('teamtailor')}/acme${teamtailorJobPath(job)}`, applyUrl: null, expiresDate: until ? new Date(until).toISOString() : null };
      }),
  },
  {
    name: 'careers site',
    crawl: () => ({ searchQuery: '*', source: 'custom', target: { kind: 'site', url: `${base('careers')}/careers` } }),
    where: `external_id like 'jsonld:%'`,
    published: (r) => {
      const host = new URL(base('careers')).host;
      // Not the page robots.txt disallows, nor the one whose JSON-LD is beyond repair; one page holds two postings.
      return careerPostings(r)
        .filter((p) => p.variant !== 'private' && p.variant !== 'hopeless')
        .flatMap((p) => {
          // What the posting page's JSON-LD says, posting by posting (the page's variant of JSON aside).
          const page = postingPage(p, base('careers'), sites.formsUrl);
          const ids = [...page.matchAll(/"value":\s*"(REQ-[^"]+)"/g)].map((m) => m[1]!);
          const validThrough = [...page.matchAll(/"validThrough":\s*"([^"]+)"/g)].map((m) => m[1]!);
          const jobs = p.variant === 'two-per-page' ? [p.job, fixtureJob(650, r)] : [p.job];
          expect(ids, p.path).toHaveLength(jobs.length);
          return jobs.map((job, k) => ({
            ...board(job),
            job,
            company: CAREER_SITE_NAME,
            externalId: `jsonld:${host}:${ids[k]}`,
            sourceUrl: `${base('careers')}${p.path}`,
            // A date: midnight UTC.
            expiresDate: `${validThrough[k]}T00:00:00.000Z`,
            // The entity-encoded variant publishes a description of its own.
            describedBy: p.variant === 'entities' ? [`Join us as ${job.title}.`, 'Ship & iterate'] : fullText(job),
          }));
        });
    },
  },
];

// The search cards link through /job-redirect?match_token=…; the posting's own page is the card's canonical job page.
function zipPublished(job: FixtureJob): Published {
  const sourceUrl = new URL(zipCard(job, base('ziprecruiter')).rawCanonicalZipJobPageUrl, base('ziprecruiter')).href;
  return { ...board(job), job, estimatesKept: true, externalId: `ziprecruiter:${job.key}`, sourceUrl };
}

function monsterPublished(job: FixtureJob): Published {
  const posting = monsterResult(job, base('monster'), sites.formsUrl).normalizedJobPosting;
  return { ...board(job), job, externalId: `monster:${job.key}`, sourceUrl: posting.url, expiresDate: posting.validThrough };
}

async function startCrawl(body: Record<string, unknown>): Promise<number> {
  const reply = await api.post('/crawls', body, user.token);
  expect(reply.status, reply.text).toBe(202);
  return reply.body.id;
}

async function storedIds(where: string): Promise<Map<string, number>> {
  const rows = await runtime.db.query<{ id: number; external_id: string }>(`select id, external_id from jobs where ${where}`);
  return new Map(rows.map((r) => [r.external_id, Number(r.id)]));
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

/** GET /jobs/:id of each published job (found by its external id) says what the board published, field by field. */
async function expectServedAsPublished(published: Published[], ids: Map<string, number>): Promise<void> {
  for (const p of published) {
    const id = ids.get(p.externalId);
    expect(id, `${p.externalId} stored`).toBeDefined();
    const reply: Reply<Job> = await api.get(`/jobs/${id}`, user.token);
    expect(reply.status, reply.text).toBe(200);
    const job = reply.body;
    const asRow: StoredJob = {
      external_id: job.externalId,
      title: job.title,
      company: job.company,
      location: job.location,
      description: job.description,
      requirements: job.requirements,
      salary_min: job.salaryMin,
      salary_max: job.salaryMax,
      job_type: job.jobType,
      remote: job.remote,
      source: job.source,
      source_url: job.sourceUrl,
      posted_date: job.postedDate?.slice(0, 10) ?? null,
      metadata: job.metadata,
    };
    try {
      expectStoredAsPublished(asRow, p.job, { estimatesKept: p.estimatesKept, minOnlyShownAsRange: p.minOnlyShownAsRange, listsNoJobType: !p.listsJobType, company: p.company });
    } catch (error) {
      // Which job, and what was served for it.
      throw new Error(`${p.externalId}: ${(error as Error).message}\n${reply.text}`, { cause: error });
    }
    expect(job).toMatchObject({ externalId: p.externalId, sourceUrl: p.sourceUrl, expiresDate: p.expiresDate, isActive: true });
    if (p.applyUrl !== undefined) expect(job.metadata.applyUrl, p.externalId).toBe(p.applyUrl ?? undefined);
    expect(job.description).toBeTruthy();
    const text = `${String(job.metadata.descriptionText)}\n${job.requirements ?? ''}`;
    for (const said of p.describedBy) expect(text, p.externalId).toContain(said);
  }
}

describe('every source through the crawl worker', () => {
  it('stores each job as its board published it: title, company, place, pay, type, remote, dates, canonical URL, namespaced id, description', async () => {
    const before = await Promise.all(SOURCES.map((s) => storedIds(s.where)));
    const crawls = await Promise.all(SOURCES.map((s) => startCrawl(s.crawl())));
    for (const [i, source] of SOURCES.entries()) {
      const published = source.published(1);
      // The first browser launch is slow on a busy machine.
      const crawl = await crawlSettled(api, crawls[i]!, user.token, 90_000);
      expect(crawl, `${source.name}: ${JSON.stringify(crawl)}`).toMatchObject({ status: 'completed', jobsFound: published.length, errorMessage: null, note: null });
      const ids = await storedIds(source.where);
      // The crawl added exactly its jobs.
      expect([...ids.keys()].sort(), source.name).toEqual([...new Set([...before[i]!.keys(), ...published.map((p) => p.externalId)])].sort());
      await expectServedAsPublished(published, ids);
    }
  });
});

describe('what boards do to crawlers, through the crawl worker', () => {
  it('a 429 with Retry-After on page 2 is waited out and the crawl completes with every job', async () => {
    // The scenario word filters nothing: the whole catalog, three pages.
    const all = searchJobs(CATALOG_SIZE, 'ratelimit', '', 1);
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'ratelimit', source: 'monster' }), user.token);
    expect(crawl, JSON.stringify(crawl)).toMatchObject({ status: 'completed', jobsFound: all.length, errorMessage: null });
    const page2 = sites.requests.filter((r) => r.site === 'monster' && r.path.startsWith('/jobs/search?q=ratelimit&page=2'));
    expect(page2).toHaveLength(2);
    expect(page2[1]!.at - page2[0]!.at).toBeGreaterThanOrEqual(990);
    const ids = await storedIds(`source = 'monster'`);
    expect([...ids.keys()].sort()).toEqual(all.map((j) => `monster:${j.key}`).sort());
    // The jobs behind the 429, and after it, as published.
    await expectServedAsPublished(all.slice(PAGE_SIZE.monster).map(monsterPublished), ids);
  });

  it('a captcha on page 2 fails the crawl with that reason; the page-1 jobs are stored and searchable, page 2 is not', async () => {
    const all = searchJobs(CATALOG_SIZE, 'captcha', '', 1);
    const page1 = all.slice(0, PAGE_SIZE.ziprecruiter);
    const before = await storedIds(`source = 'ziprecruiter'`);
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'captcha', source: 'ziprecruiter' }), user.token);
    expect(crawl, JSON.stringify(crawl)).toMatchObject({ status: 'failed', jobsFound: page1.length });
    expect(crawl.errorMessage).toMatch(/^ziprecruiter answered with a captcha page \(http:\/\/127\.0\.0\.1:\d+\/jobs-search\?search=captcha&page=2\) on page 2$/);
    const failed = await api.get('/crawls?status=failed', user.token);
    expect(failed.body.items.map((c: { id: number }) => c.id)).toContain(crawl.id);

    const ids = await storedIds(`source = 'ziprecruiter'`);
    expect([...ids.keys()].sort()).toEqual([...new Set([...before.keys(), ...page1.map((j) => `ziprecruiter:${j.key}`)])].sort());
    await expectServedAsPublished(page1.map(zipPublished), ids);
    // Searchable: analysts are on page 1 and page 2 of this search (and in no earlier crawl); only page 1's are found.
    const analysts = (jobs: FixtureJob[]) => jobs.filter((j) => /\banalyst\b/i.test(j.title));
    expect(analysts(all.slice(PAGE_SIZE.ziprecruiter)).length).toBeGreaterThan(0);
    const found = await search('q=analyst&source=ziprecruiter');
    expect(found.map((j) => j.sourceUrl).sort()).toEqual(analysts(page1).map((j) => zipPublished(j).sourceUrl).sort());
    expect(found.length).toBeGreaterThan(0);
  });

  it('a redirect to a login wall on page 2 fails the crawl with that reason, keeping the page-1 jobs', async () => {
    const page1 = searchJobs(CATALOG_SIZE, 'login', '', 1).slice(0, PAGE_SIZE.indeed);
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'login', source: 'indeed' }), user.token);
    expect(crawl, JSON.stringify(crawl)).toMatchObject({ status: 'failed', jobsFound: page1.length });
    expect(crawl.errorMessage).toMatch(/^indeed answered with a login wall \(http:\/\/127\.0\.0\.1:\d+\/authwall\?.*\) on page 2$/);
    const ids = await storedIds(`source = 'indeed'`);
    for (const job of page1) expect(ids.has(`indeed:${job.key}`), job.key).toBe(true);
    const analysts = await search('q=analyst&source=indeed');
    expect(analysts.map((j) => j.sourceUrl).sort()).toEqual(page1.filter((j) => /\banalyst\b/i.test(j.title)).map((j) => `${base('indeed')}/viewjob?jk=${j.key}`).sort());
  });
});

describe('what a completed crawl says', () => {
  it('names what the query left out of a whole board, and an unknown board fails by name', async () => {
    const all = boardJobs('acme', 1);
    const analysts = all.filter((j) => /\banalyst\b/i.test(j.title));
    const crawl = await crawlSettled(api, await startCrawl({ searchQuery: 'analyst', source: 'custom', target: { kind: 'workable', board: 'acme' } }), user.token);
    expect(crawl).toMatchObject({ status: 'completed', jobsFound: analysts.length, errorMessage: null, note: `${all.length - analysts.length} postings did not match the search` });
    const missing = await crawlSettled(api, await startCrawl({ searchQuery: '*', source: 'custom', target: { kind: 'recruitee', board: 'missing' } }), user.token);
    expect(missing).toMatchObject({ status: 'failed', jobsFound: 0, note: null, errorMessage: 'recruitee careers site "missing" not found (HTTP 404) on page 1' });
  });
});

describe('re-crawls through the crawl worker', () => {
  it('a re-crawl of changed boards updates each job to what the board publishes now, in the same rows', async () => {
    const cases = SOURCES.filter((s) => ['monster', 'lever', 'workday', 'smartrecruiters', 'workable', 'recruitee', 'personio', 'teamtailor'].includes(s.name));
    const before = await Promise.all(cases.map((s) => storedIds(s.where)));
    // Revision 2 retitles and re-prices every third job.
    sites.setRevision(2);
    try {
      const crawls = await Promise.all(cases.map((s) => startCrawl(s.crawl())));
      for (const [i, source] of cases.entries()) {
        const crawl = await crawlSettled(api, crawls[i]!, user.token);
        expect(crawl, `${source.name}: ${JSON.stringify(crawl)}`).toMatchObject({ status: 'completed', jobsFound: source.published(2).length, errorMessage: null });
      }
    } finally {
      sites.setRevision(1);
    }
    for (const [i, source] of cases.entries()) {
      const published = source.published(2);
      expect(published.filter((p) => p.job.title.endsWith('(Relaunched)')).length, source.name).toBeGreaterThan(0);
      const ids = await storedIds(source.where);
      // The same rows, by id: updated, none added.
      expect([...ids.entries()].sort(), source.name).toEqual([...before[i]!.entries()].sort());
      await expectServedAsPublished(published, ids);
    }
  });
});
