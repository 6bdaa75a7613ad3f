/**
 * The Workday, SmartRecruiters, Workable, Recruitee, Personio and Teamtailor parsers over what those
 * boards really answer: the reference captures where they exist (skipped when ../shared/fixtures is
 * absent), and the fixture sites' replicas, whose jobs are known field by field.
 */
import { describe, expect, it } from 'vitest';
import type { CrawlTarget } from '../../../shared/crawls/target';
import type { LoadedPage } from '../../../shared/crawler/load';
import { buildJob, type JobDraft } from '../../../shared/crawler/normalize/job';
import { customAdapters } from '../../../shared/crawler/sources';
import { parsePersonioFeed } from '../../../shared/crawler/sources/personio';
import { mergeSmartRecruitersDetail } from '../../../shared/crawler/sources/smartrecruiters';
import { mergeTeamtailorJobPage, parseTeamtailorList } from '../../../shared/crawler/sources/teamtailor';
import type { ListingPage, PageRequest, SourceContext } from '../../../shared/crawler/sources/types';
import { mergeWorkableDetail } from '../../../shared/crawler/sources/workable';
import { facetTotal, mergeWorkdayDetail, workdayPostingId } from '../../../shared/crawler/sources/workday';
import { boardJobs } from '../../fixtures/sites/boards/ats';
import { fixtureJob } from '../../fixtures/sites/boards/catalog';
import { personioFeed, personioId, personioSubcompany } from '../../fixtures/sites/boards/personio';
import { recruiteeOffers, recruiteeId } from '../../fixtures/sites/boards/recruitee';
import { smartRecruitersDetail, smartRecruitersList, smartRecruitersPostingUrl } from '../../fixtures/sites/boards/smartrecruiters';
import { teamtailorDatePosted, teamtailorJobPage, teamtailorJobPath, teamtailorJobsPage, teamtailorShowMore } from '../../fixtures/sites/boards/teamtailor';
import { workableAccountName, workableJob, workableWidget } from '../../fixtures/sites/boards/workable';
import { workdayDetail, workdayPath, workdaySearchAnswer, workdayTimeType } from '../../fixtures/sites/boards/workday';
import { REAL_CAPTURES, readCapture } from './real-captures';

const ORIGIN = 'https://fixture.example';

const built = (d: JobDraft) => {
  const r = buildJob(d);
  if (!r.ok) throw new Error(r.reason);
  return r.job;
};

const page = (url: string, body: string, status = 200): LoadedPage => ({ url, status, body, via: 'http' });

/** One listing page through the target kind's adapter, as the engine hands it over. */
function parse(target: CrawlTarget, base: string, loaded: LoadedPage, request?: PageRequest, searchQuery = '*'): ListingPage {
  const ctx: SourceContext = { spec: { crawlId: 1, source: 'custom', searchQuery, location: null, target }, base, pageNumber: 1, seenCount: 0, ...(request ? { request } : {}) };
  return customAdapters[target.kind].parsePage(loaded, ctx);
}

function firstRequest(target: CrawlTarget, base: string): PageRequest {
  return customAdapters[target.kind].firstPageUrl({ spec: { crawlId: 1, source: 'custom', searchQuery: '*', location: null, target }, base, pageNumber: 1, seenCount: 0 });
}

const bega: CrawlTarget = { kind: 'workday', tenant: 'begacheese', instance: 'wd3', site: 'Bega_Careers' };
const BEGA_BASE = 'https://begacheese.wd3.myworkdayjobs.com';

describe.skipIf(!REAL_CAPTURES)('ATS parsers over real captures', () => {
  it('Workday jobs list (Bega): postings with their ids and public URLs, the next offset, the total carried from page 1', () => {
    const request = firstRequest(bega, BEGA_BASE);
    expect(request).toEqual({ url: `${BEGA_BASE}/wday/cxs/begacheese/Bega_Careers/jobs`, json: { appliedFacets: {}, limit: 20, offset: 0, searchText: '' } });
    const listing = parse(bega, BEGA_BASE, page((request as { url: string }).url, readCapture('ats-api/workday/workday-cxs-jobs-list-bega.json')), request);
    expect(listing.drafts).toHaveLength(20);
    expect(listing.total).toBe(29);
    expect(listing.note).toBeUndefined();
    expect(listing.nextUrl).toEqual({ url: `${BEGA_BASE}/wday/cxs/begacheese/Bega_Careers/jobs`, json: { appliedFacets: {}, limit: 20, offset: 20, searchText: '' }, carry: { total: 29 } });
    const first = built(listing.drafts[0]!);
    expect(first).toMatchObject({
      externalId: 'workday:begacheese:bega_careers:JR-7309',
      title: 'Quality Specialist - Environmental & Sanitation',
      location: 'Hobart (TAS)',
      sourceUrl: `${BEGA_BASE}/Bega_Careers/job/Hobart-TAS/Quality-Specialist---Environmental---Sanitation_JR-7309`,
    });
    expect(first.metadata.workdayPath).toBe('/job/Hobart-TAS/Quality-Specialist---Environmental---Sanitation_JR-7309');
    // Postings without a location (several locations, or none shown) still have their ids.
    expect(new Set(listing.drafts.map((d) => d.externalId)).size).toBe(20);
    // Page 2 says total 0: the total carried from page 1 ends the search at 29.
    const second = parse(bega, BEGA_BASE, page(`${BEGA_BASE}/x`, JSON.stringify({ total: 0, jobPostings: [{ title: 'x', externalPath: '/job/Bega/X_JR-1' }] })), listing.nextUrl!);
    expect(second.nextUrl).toBeNull();
  });

  it('Workday job detail (Bega): description, hiring organization, time type, posting start and end dates, apply URL', () => {
    const listing = parse(bega, BEGA_BASE, page(BEGA_BASE, readCapture('ats-api/workday/workday-cxs-jobs-list-bega.json')), firstRequest(bega, BEGA_BASE));
    const job = built(mergeWorkdayDetail(listing.drafts[0]!, JSON.parse(readCapture('ats-api/workday/workday-cxs-job-detail-bega.json'))));
    expect(job).toMatchObject({ company: 'Bega Dairy and Drinks Services Pty Ltd', location: 'Hobart (TAS)', jobType: 'full-time', remote: false, salaryMin: null });
    expect(job.postedDate?.toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect(job.expiresDate?.toISOString()).toBe('2026-07-13T00:00:00.000Z');
    expect(job.sourceUrl).toBe('https://begacheese.wd3.myworkdayjobs.com/Bega_Careers/job/Hobart-TAS/Quality-Specialist---Environmental---Sanitation_JR-7309');
    expect(job.metadata.applyUrl).toBe(`${job.sourceUrl}/apply`);
    expect(job.metadata.requisitionId).toBe('JR-7309');
    expect(job.metadata.descriptionText).toMatch(/^If you are curious & creative/);
  });

  it('Workday jobs list (Saputo, 274 jobs): 20 a page, 14 pages; facets add up to the total', () => {
    const target: CrawlTarget = { kind: 'workday', tenant: 'saputo', instance: 'wd3', site: 'Saputo_Careers' };
    const data = JSON.parse(readCapture('ats-api/workday/workday-cxs-jobs-list-saputo.json'));
    const listing = parse(target, 'https://saputo.wd3.myworkdayjobs.com', page('https://saputo.wd3.myworkdayjobs.com/x', JSON.stringify(data)), firstRequest(target, 'https://saputo.wd3.myworkdayjobs.com'));
    expect(listing.drafts.map((d) => d.externalId)).toContain('workday:saputo:saputo_careers:JR61760');
    expect(listing.total).toBe(274);
    expect(facetTotal(data.facets)).toBeGreaterThanOrEqual(274);
    expect(built(listing.drafts[0]!)).toMatchObject({ title: 'Quality Lead', location: 'Troy, NC', company: 'saputo' });
    // Page 2 says total 0, as Workday's later pages do: the search goes on to 274 all the same.
    const page2 = parse(target, 'https://saputo.wd3.myworkdayjobs.com', page('https://saputo.wd3.myworkdayjobs.com/x', JSON.stringify({ ...data, total: 0, facets: [] })), listing.nextUrl!);
    expect(page2.nextUrl).toMatchObject({ json: { offset: 40 }, carry: { total: 274 } });
  });

  it('SmartRecruiters postings (Visa): company name, location, remote flags, employment type, public URL; the last page', () => {
    const target: CrawlTarget = { kind: 'smartrecruiters', board: 'Visa' };
    const url = 'https://api.smartrecruiters.com/v1/companies/Visa/postings?offset=0&limit=100';
    const listing = parse(target, 'https://api.smartrecruiters.com', page(url, readCapture('ats-api/smartrecruiters/smartrecruiters-postings-list-visa.json')));
    expect(listing.nextUrl).toBeNull();
    expect(listing.drafts).toHaveLength(2);
    const job = built(listing.drafts[0]!);
    expect(job).toMatchObject({
      externalId: 'smartrecruiters:visa:744000133907678',
      title: 'Sr. Manager',
      company: 'Visa',
      location: 'Austin, TX, United States',
      jobType: 'full-time',
      remote: false,
      sourceUrl: 'https://jobs.smartrecruiters.com/Visa/744000133907678',
    });
    expect(job.postedDate?.toISOString()).toBe('2026-06-24T10:00:11.853Z');
    expect(job.metadata).toMatchObject({ workplace: 'onsite', department: 'Software Development/Engineering', requisitionId: 'REF97395W' });
  });

  it('Teamtailor job page (Harper): the JSON-LD posting decoded, the posting day kept, hybrid from the remote status', () => {
    const url = 'https://harper-demo.teamtailor.com/jobs/6340420-senior-software-engineer';
    const draft: JobDraft = { source: 'custom', externalId: 'teamtailor:harper-demo:6340420', title: 'x', company: 'Harper', remote: { remote: false, workplace: null }, sourceUrl: url, metadata: {} };
    const job = built(mergeTeamtailorJobPage(draft, page(url, readCapture('forms/teamtailor-job-page-application-form-harper-demo.html'))));
    expect(job).toMatchObject({ title: 'Senior Software Engineer', company: 'Harper', jobType: 'full-time', remote: false, sourceUrl: url });
    expect(job.metadata.workplace).toBe('hybrid');
    expect(job.metadata.department).toBe('Technology');
    expect(job.location).toContain('London');
    // "2025-08-24T00:00:00+01:00": posted on the 24th, not on the evening of the 23rd (UTC).
    expect(job.postedDate?.toISOString()).toBe('2025-08-24T00:00:00.000Z');
    expect(job.description).toMatch(/^<p>We’re looking for a Senior Software Engineer/);
  });
});

describe('ATS parsers over the fixture sites replicas', () => {
  const jobs = [0, 1, 2, 3, 4, 5].map((i) => fixtureJob(i));

  it('Workday: a search answer, page by page; the detail fills company, description, dates, time type and remote type', () => {
    const target: CrawlTarget = { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'acme' };
    const answer = workdaySearchAnswer(jobs, { appliedFacets: {}, limit: 20, offset: 0, searchText: '' });
    const listing = parse(target, ORIGIN, page(`${ORIGIN}/wday/cxs/acme/acme/jobs`, JSON.stringify(answer.value)), firstRequest(target, ORIGIN));
    expect(listing.drafts.map((d) => d.externalId)).toEqual(jobs.map((j) => `workday:acme:acme:${workdayPostingId(workdayPath(j))}`));
    expect(listing.nextUrl).toBeNull();
    for (const [i, j] of jobs.entries()) {
      const job = built(mergeWorkdayDetail(listing.drafts[i]!, workdayDetail(j, 'acme', ORIGIN)));
      expect(job).toMatchObject({ title: j.title, company: j.company, remote: j.workplace === 'remote', jobType: workdayTimeType(j) === 'Part time' ? 'part-time' : 'full-time' });
      expect(job.metadata.workplace).toBe(j.workplace);
      expect(job.postedDate?.toISOString().slice(0, 10)).toBe(j.postedAt);
    }
    // Workday refuses a body without its four fields, and a limit over 20.
    expect(workdaySearchAnswer(jobs, { limit: 20, offset: 0 }).status).toBe(422);
    expect(workdaySearchAnswer(jobs, { appliedFacets: {}, limit: 50, offset: 0, searchText: '' }).status).toBe(400);
  });

  it('Workday: a search past the 2,000-result cap says so, with what the facets count', () => {
    const target: CrawlTarget = { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'capped' };
    const all = boardJobs('capped', 1);
    const answer = workdaySearchAnswer(all, { appliedFacets: {}, limit: 20, offset: 0, searchText: '' });
    const listing = parse(target, ORIGIN, page(`${ORIGIN}/x`, JSON.stringify(answer.value)), firstRequest(target, ORIGIN));
    expect(listing.total).toBe(2_000);
    expect(listing.note).toBe('workday serves at most 2,000 results of one search; this one matched about 2,345 (by the board\'s facet counts), so about 345 are out of reach: narrow the search to reach them');
    // The last page asked for is the one ending at 2,000.
    const last = parse(target, ORIGIN, page(`${ORIGIN}/x`, '{"total":0,"jobPostings":[{"title":"x","externalPath":"/job/X_JR-1"}]}'), { url: `${ORIGIN}/x`, json: { appliedFacets: {}, limit: 20, offset: 1_980, searchText: '' }, carry: { total: 2_000 } });
    expect(last.nextUrl).toBeNull();
  });

  it('SmartRecruiters: pages of 100 by offset; the detail adds the job ad and the public URL; an empty first page is "not found"', () => {
    const target: CrawlTarget = { kind: 'smartrecruiters', board: 'acme' };
    const many = boardJobs('bench', 1).slice(0, 150);
    const first = parse(target, ORIGIN, page(`${ORIGIN}/v1/companies/acme/postings?offset=0&limit=100`, JSON.stringify(smartRecruitersList('acme', many, ORIGIN, 0, 100))));
    expect(first.drafts).toHaveLength(100);
    expect(first.nextUrl).toBe(`${ORIGIN}/v1/companies/acme/postings?offset=100&limit=100`);
    const second = parse(target, ORIGIN, page(first.nextUrl as string, JSON.stringify(smartRecruitersList('acme', many, ORIGIN, 100, 100))));
    expect(second.drafts).toHaveLength(50);
    expect(second.nextUrl).toBeNull();
    const j = many[0]!;
    // The posting's pages are on the jobs site, a host apart from the API.
    const jobsSite = 'http://127.0.0.1:9/smartrecruiters';
    const job = built(mergeSmartRecruitersDetail(first.drafts[0]!, smartRecruitersDetail(j, 'acme', ORIGIN, jobsSite)));
    expect(job).toMatchObject({ title: j.title, company: j.company, sourceUrl: smartRecruitersPostingUrl(j, 'acme', jobsSite), remote: j.workplace === 'remote', jobType: j.jobType });
    expect(job.metadata.applyUrl).toBe(`${smartRecruitersPostingUrl(j, 'acme', jobsSite)}?oga=true`);
    expect(job.requirements).toContain(j.requirements[0]);
    expect(() => parse(target, ORIGIN, page(`${ORIGIN}/v1/companies/nobody/postings?offset=0&limit=100`, '{"offset":0,"limit":100,"totalFound":0,"content":[]}'))).toThrow(
      'company "acme" not found, or it has no open postings (SmartRecruiters answers both alike)',
    );
  });

  it('Workable: the account name as company, hybrid from the job\'s workplace, requirements apart', () => {
    const target: CrawlTarget = { kind: 'workable', board: 'acme' };
    const listing = parse(target, ORIGIN, page(`${ORIGIN}/api/v1/widget/accounts/acme`, JSON.stringify(workableWidget(jobs, ORIGIN))));
    expect(listing.drafts).toHaveLength(jobs.length);
    for (const [i, j] of jobs.entries()) {
      const job = built(mergeWorkableDetail(listing.drafts[i]!, workableJob(j)));
      expect(job).toMatchObject({ title: j.title, company: workableAccountName(jobs), jobType: j.jobType, remote: j.workplace === 'remote' });
      expect(job.metadata.workplace).toBe(j.workplace);
      expect(job.requirements).toContain(j.requirements[0]);
    }
    expect(() => parse(target, ORIGIN, page(`${ORIGIN}/x`, '{"error":"Not found"}', 404))).toThrow('account "acme" not found (HTTP 404)');
  });

  it('Recruitee: pay as the offer states it (amounts as strings too), the closing date, remote and hybrid flags', () => {
    const target: CrawlTarget = { kind: 'recruitee', board: 'acme' };
    const listing = parse(target, `${ORIGIN}/acme`, page(`${ORIGIN}/acme/api/offers/`, JSON.stringify(recruiteeOffers(jobs, `${ORIGIN}/acme`))));
    const byId = new Map(listing.drafts.map((d) => [d.externalId, built(d)]));
    for (const j of jobs) {
      const job = byId.get(`recruitee:acme:${recruiteeId(j)}`)!;
      expect(job).toMatchObject({ title: j.title, company: j.company, jobType: j.jobType, remote: j.workplace === 'remote' });
      if (j.pay?.provided) expect(job.metadata.salary).toMatchObject({ min: j.pay.min, max: j.pay.max, interval: j.pay.interval, currency: j.pay.currency });
      else expect(job.metadata.salary).toBeUndefined();
    }
  });

  it('Personio: positions with subcompany, offices, sections, employment type and schedule; an unknown company redirected away is "not found"', () => {
    const drafts = parsePersonioFeed(page(`${ORIGIN}/acme/xml`, personioFeed(jobs)), { board: 'acme', base: `${ORIGIN}/acme` });
    expect(drafts).toHaveLength(jobs.length);
    expect(jobs.some((j) => personioSubcompany(j) === null)).toBe(true);
    for (const [i, j] of jobs.entries()) {
      const job = built(drafts[i]!);
      // The feed names no company but a position's subcompany: without one, the board's name stands in, and says so.
      expect(job).toMatchObject({ externalId: `personio:acme:${personioId(j)}`, title: j.title, company: personioSubcompany(j) ?? 'acme', jobType: j.jobType, remote: j.workplace === 'remote', sourceUrl: `${ORIGIN}/acme/job/${personioId(j)}` });
      expect(job.metadata.companyFrom).toBe(personioSubcompany(j) ? undefined : 'board slug');
      expect(job.metadata.descriptionText).toContain(j.requirements[0]);
    }
    // The older layout: sections straight under the position, additional offices as text.
    const legacy = '<workzag-jobs><position><id>42</id><name>Data Engineer</name><office>Munich</office><additionalOffices>Berlin, Hamburg</additionalOffices><jobDescription><name>Tasks</name><value><![CDATA[<p>Pipelines</p>]]></value></jobDescription><createdAt>2026-01-05T09:00:00+01:00</createdAt></position></workzag-jobs>';
    const [old] = parsePersonioFeed(page(`${ORIGIN}/old/xml`, legacy), { board: 'old', base: `${ORIGIN}/old` });
    expect(built(old!)).toMatchObject({ company: 'old', location: 'Munich; Berlin; Hamburg', description: '<h3>Tasks</h3><p>Pipelines</p>' });
    expect(() => parsePersonioFeed(page('https://www.personio.com/', '<html><title>Personio</title></html>'), { board: 'nobody', base: `${ORIGIN}/nobody` })).toThrow('jobs page "nobody" not found (redirected to https://www.personio.com/)');
  });

  it('Teamtailor: the job list and its "Show more" stream, then each job page', () => {
    const all = boardJobs('acme', 1);
    const base = `${ORIGIN}/acme`;
    const first = parseTeamtailorList(page(`${base}/jobs`, teamtailorJobsPage(all, base)), 'acme');
    expect(first.drafts).toHaveLength(10);
    expect(first.nextUrl).toBe(`${base}/jobs/show_more?page=2`);
    const second = parseTeamtailorList(page(first.nextUrl!, teamtailorShowMore(all, base, 2)), 'acme');
    expect(second.drafts).toHaveLength(2);
    expect(second.nextUrl).toBeNull();
    const listed = [...first.drafts, ...second.drafts];
    expect(listed.map((d) => d.sourceUrl)).toEqual(all.map((j) => `${base}${teamtailorJobPath(j)}`));
    for (const [i, j] of all.entries()) {
      const job = built(mergeTeamtailorJobPage(listed[i]!, page(listed[i]!.sourceUrl!, teamtailorJobPage(j, base))));
      expect(job).toMatchObject({ title: j.title, company: j.company, jobType: j.jobType, remote: j.workplace === 'remote' });
      expect(job.postedDate?.toISOString().slice(0, 10)).toBe(teamtailorDatePosted(j).slice(0, 10));
      expect(job.metadata.descriptionText).toContain(j.requirements[0]);
    }
    expect(() => parseTeamtailorList(page(`${ORIGIN}/nobody/jobs`, '<h1>404</h1>', 404), 'nobody')).toThrow('careers site "nobody" not found (HTTP 404)');
  });
});
