/**
 * Each adapter's parser over what its source really serves: the reference captures where they
 * exist (skipped when ../shared/fixtures is absent), and the fixture sites' replicas, whose jobs
 * are known field by field.
 */
import { describe, expect, it } from 'vitest';
import { buildJob, type JobDraft } from '../../../shared/crawler/normalize/job';
import { parseAshby } from './source-helpers';
import { mergeLinkedInDetail, parseLinkedInCards } from '../../../shared/crawler/sources/linkedin';
import { mergeIndeedDetail, parseIndeedSearch } from '../../../shared/crawler/sources/indeed';
import { parseGlassdoorSearch } from '../../../shared/crawler/sources/glassdoor';
import { parseZipSearch, mergeZipDetail } from '../../../shared/crawler/sources/ziprecruiter';
import { parseMonsterSearch } from '../../../shared/crawler/sources/monster';
import { greenhouseJobToDraft } from '../../../shared/crawler/sources/greenhouse';
import { leverPostingToDraft } from '../../../shared/crawler/sources/lever';
import { careerPagePostings } from '../../../shared/crawler/sources/career-site';
import { REAL_CAPTURES, readCapture } from './real-captures';
import { fixtureJob } from '../../fixtures/sites/boards/catalog';
import { employerFormUrl } from '../../fixtures/sites/employer-forms';
import { indeedSearch, indeedViewJob, linkedinCards, linkedinDetail, monsterSearch, zipJobPage, zipSearch } from '../../fixtures/sites/boards/boards';
import { careerPostings, postingPage } from '../../fixtures/sites/boards/career-site';
import { greenhouseBoard } from '../../fixtures/sites/boards/ats';
import { zipLegacySearch } from '../../fixtures/sites/boards/ziprecruiter-legacy';

const ORIGIN = 'https://fixture.example';
/** The employers' application forms the replicas link to. */
const FORMS = 'https://forms.fixture.example';
const built = (d: JobDraft) => {
  const r = buildJob(d);
  if (!r.ok) throw new Error(r.reason);
  return r.job;
};

describe.skipIf(!REAL_CAPTURES)('parsers over real captures', () => {
  it('LinkedIn guest search cards: ids from the card, title, company, location, date', () => {
    const drafts = parseLinkedInCards(readCapture('linkedin/linkedin-guest-seeMoreJobPostings-search-au.html'), 'https://www.linkedin.com/jobs-guest/jobs/api/seeMoreJobPostings/search?start=0');
    expect(drafts).toHaveLength(10);
    const job = built(drafts[0]!);
    expect(job).toMatchObject({ externalId: 'linkedin:4426694701', title: 'Quality Assurance Manager', company: 'EQ Food', location: 'Minto, New South Wales, Australia', sourceUrl: 'https://au.linkedin.com/jobs/view/4426694701' });
    expect(job.postedDate?.toISOString()).toBe('2026-06-12T00:00:00.000Z');
    expect(new Set(drafts.map((d) => d.externalId)).size).toBe(10);
  });

  it('LinkedIn guest job detail: description, employment type and seniority', () => {
    const card = parseLinkedInCards(readCapture('linkedin/linkedin-guest-seeMoreJobPostings-search-au.html'), 'https://www.linkedin.com/x')[0]!;
    const job = built(mergeLinkedInDetail(card, readCapture('linkedin/linkedin-guest-jobPosting-detail-deloitte.html')));
    expect(job.title).toBe('Machine Learning Ops Engineer (m/w/d) in Berlin');
    expect(job.company).toBe('Deloitte');
    expect(job.jobType).toBe('full-time');
    expect(job.metadata.seniority).toBe('Entry level');
    expect(job.metadata.descriptionText).toMatch(/^Deloitte bietet führende Prüfungs- und Beratungsleistungen/);
  });

  it('Indeed mosaic job cards: pay as extracted, job type and hybrid from the taxonomy', () => {
    const cards = readCapture('indeed/indeed-mosaic-jobcards-results.json');
    const page = `<script>window.mosaic.providerData["mosaic-provider-jobcards"]={"metaData":{"mosaicProviderJobCardsModel":{"results":${cards}}}};</script>`;
    const { drafts, nextUrl } = parseIndeedSearch(page, 'https://www.indeed.com/jobs?q=engineer');
    expect(drafts).toHaveLength(15);
    expect(nextUrl).toBeNull();
    const first = built(drafts[0]!);
    expect(first).toMatchObject({ externalId: 'indeed:dac0cd741dbb51bc', title: 'Senior Electrical Engineer', company: 'Nauticus Robotics', location: 'Webster, TX 77598', salaryMin: 130000, salaryMax: null, jobType: 'full-time', remote: false, sourceUrl: 'https://www.indeed.com/viewjob?jk=dac0cd741dbb51bc' });
    const hourly = built(drafts.find((d) => d.externalId === 'indeed:ee02680cc85c317f')!);
    expect(hourly.metadata.salary).toMatchObject({ min: 65, max: 80, interval: 'hour', currency: 'USD' });
    expect(hourly.salaryMin).toBeNull(); // no sound annual figure for hourly pay
    const hybrid = built(drafts.find((d) => d.externalId === 'indeed:7bbf367679b63da8')!);
    expect(hybrid.remote).toBe(false);
    expect(hybrid.metadata.workplace).toBe('hybrid');
    const noPay = built(drafts.find((d) => d.externalId === 'indeed:9de6e6827e329648')!);
    expect(noPay.salaryMin).toBeNull();
    expect(noPay.metadata.salary).toBeUndefined();
  });

  it('Indeed view job: sanitized description, remote from the remote work model, pay in the currency of its text', () => {
    const card = { source: 'indeed', externalId: 'indeed:14ffe2be7ba7b921', title: 'x', company: 'y', remote: { remote: false, workplace: null }, sourceUrl: 'https://uk.indeed.com/viewjob?jk=14ffe2be7ba7b921', metadata: {} } as JobDraft;
    const job = built(mergeIndeedDetail(card, readCapture('indeed/indeed-viewjob-initialData-script.html')));
    expect(job.title).toBe('Full Stack Developer');
    expect(job.remote).toBe(true);
    expect(job.description).toBe('<p>test description</p>');
    expect(job.metadata.salary).toMatchObject({ min: 55000, max: null, interval: 'year', currency: 'GBP' });
    expect(job.jobType).toBe('full-time');
  });

  it('Glassdoor listing items in the Apollo cache: employer pay as salary, Glassdoor estimates kept apart', () => {
    const items = JSON.parse(readCapture('glassdoor/glassdoor-graphql-jobListings-search-results.json')) as unknown[];
    const data = { props: { pageProps: { apolloCache: { ROOT_QUERY: { 'jobListings({"contextHolder":{}})': { jobListings: items, paginationCursors: [{ cursor: 'c2', pageNumber: 2 }], totalJobsCount: 40 } } } } } };
    const page = `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify(data)}</script>`;
    const { drafts, nextUrl, total } = parseGlassdoorSearch(page, 'https://www.glassdoor.ca/Job/jobs.htm?sc.keyword=support');
    expect(drafts).toHaveLength(20);
    expect(total).toBe(40);
    expect(nextUrl).toBe('https://www.glassdoor.ca/Job/jobs.htm?sc.keyword=support&p=2&cursor=c2');
    const estimated = built(drafts[0]!);
    expect(estimated).toMatchObject({ externalId: 'glassdoor:1009633080810', title: 'Junior Support Developer', company: 'Chubb', location: 'Toronto', salaryMin: null, salaryMax: null });
    expect(estimated.metadata.salaryEstimate).toMatchObject({ min: 59000, max: 89000, interval: 'year', currency: 'CAD' });
    expect(estimated.sourceUrl).toBe('https://www.glassdoor.ca/job-listing/junior-support-developer-chubb-JV_IC2281069_KO0,24_KE25,30.htm?jl=1009633080810');
    const provided = built(drafts[2]!);
    expect(provided.metadata.salary).toMatchObject({ min: 34, max: 34, interval: 'hour', currency: 'CAD' });
  });

  it('ZipRecruiter results page: cards from the flight payload, predicted pay kept apart', () => {
    const { drafts, nextUrl } = parseZipSearch(readCapture('ziprecruiter/ziprecruiter-serp-nextjs-2026.html'), 'https://www.ziprecruiter.com/jobs-search?search=staff+platform+architect&page=1');
    expect(drafts).toHaveLength(20);
    expect(nextUrl).toBe('https://www.ziprecruiter.com/jobs-search?search=staff+platform+architect&page=2');
    const job = built(drafts[0]!);
    expect(job).toMatchObject({ externalId: 'ziprecruiter:il98sdaV5Z7_q2SogBy-0A', title: 'Member of Technical Staff, Platform Engineering', company: 'Anchorage Digital', remote: true, jobType: 'full-time', salaryMin: null });
    expect(job.metadata.salaryEstimate).toMatchObject({ min: 12.25, max: 17, interval: 'hour', currency: 'USD' });
    expect(job.sourceUrl).toBe('https://www.ziprecruiter.com/c/Anchorage-Digital/Job/Member-of-Technical-Staff,-Platform-Engineering/-in-Charleston,WV?jid=c52e84a3d73a6ba2');
    // Pay ZipRecruiter parsed from the posting's own text is what the posting says: the job's pay.
    const parsed = built(drafts.find((d) => d.title === 'Staff Software Engineer, AI/ML')!);
    expect(parsed.metadata.salary).toMatchObject({ min: 220_000, max: 300_000, interval: 'year', currency: 'USD' });
  });

  it('Greenhouse boards-api with content: decoded description, remote from the location', () => {
    const data = JSON.parse(readCapture('ats-api/greenhouse/greenhouse-boards-api-jobs-content-smarterdx.json'));
    const job = built(greenhouseJobToDraft(data.jobs[0], 'smarterdx')!);
    expect(job).toMatchObject({ externalId: 'greenhouse:smarterdx:5193736007', title: 'Client Support Analyst I', company: 'SmarterDx', location: 'Remote (United States)', remote: true, sourceUrl: 'https://job-boards.greenhouse.io/smarterdx/jobs/5193736007' });
    expect(job.description).toMatch(/^<div><p>SmarterDx is transforming/);
  });

  it('Greenhouse: the pay range of the pay-transparency block at the end of content', () => {
    const data = JSON.parse(readCapture('ats-api/greenhouse/greenhouse-boards-api-jobs-content-smarterdx.json'));
    const pay = '<div class="content-pay-transparency"><div class="pay-input"><div class="title">US Base Salary Range</div><div class="pay-range"><span>$150,000</span><span class="divider">&mdash;</span><span>$190,000 USD</span></div></div></div>';
    const content = `${data.jobs[0].content}${pay.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`;
    const job = built(greenhouseJobToDraft({ ...data.jobs[0], content }, 'smarterdx')!);
    expect(job).toMatchObject({ salaryMin: 150_000, salaryMax: 190_000 });
    expect(job.metadata.salary).toMatchObject({ min: 150_000, max: 190_000, interval: 'year', currency: 'USD' });
    expect(built(greenhouseJobToDraft(data.jobs[0], 'smarterdx')!).salaryMin).toBeNull();
  });

  it('Lever postings: commitment, hybrid workplace, requirements from the lists', () => {
    const data = JSON.parse(readCapture('ats-api/lever/lever-postings-api-palantir.json'));
    const job = built(leverPostingToDraft(data[0], 'palantir')!);
    expect(job).toMatchObject({ title: 'Administrative Business Partner', location: 'London, United Kingdom', jobType: 'full-time', remote: false, sourceUrl: 'https://jobs.lever.co/palantir/ac978161-6f46-4f6b-ad9e-a258e642751c' });
    expect(job.metadata.workplace).toBe('hybrid');
    expect(job.metadata.applyUrl).toBe('https://jobs.lever.co/palantir/ac978161-6f46-4f6b-ad9e-a258e642751c/apply');
  });

  it('JSON-LD places: a city and its same-named state both kept (Y Combinator)', () => {
    const page = readCapture('jsonld/ycombinator-workatastartup-diode-jobposting-jsonld.html');
    const [draft] = careerPagePostings({ url: 'https://www.ycombinator.com/companies/diode-computers-inc/jobs/x', status: 200, body: page, via: 'http' });
    expect(built(draft!).location).toBe('New York, New York, US');
  });

  it('Ashby job board with compensation: the salary component, not the equity', () => {
    const jobs = parseAshby(readCapture('ats-api/ashby/ashby-posting-api-job-board-nango-compensation.json'), 'Nango');
    expect(jobs).toHaveLength(14);
    expect(jobs[0]).toMatchObject({ title: 'Staff Backend Engineer (Remote, UK)', remote: true, jobType: 'full-time', salaryMin: 120000, salaryMax: 200000 });
    expect(jobs[0]!.metadata.salary).toMatchObject({ currency: 'USD', interval: 'year' });
  });
});

describe('parsers over the fixture sites replicas', () => {
  const jobs = [0, 1, 2, 3, 4, 5].map((i) => fixtureJob(i));

  it('LinkedIn: every card, canonical URL without tracking, the offset of the next page', () => {
    const drafts = parseLinkedInCards(linkedinCards(jobs, ORIGIN, 0), `${ORIGIN}/jobs-guest/jobs/api/seeMoreJobPostings/search?start=0`);
    expect(drafts.map((d) => d.externalId)).toEqual(jobs.map((j) => `linkedin:${j.id}`));
    expect(drafts[0]!.sourceUrl).toBe(`${ORIGIN}/jobs/view/${jobs[0]!.id}`);
    const detailed = built(mergeLinkedInDetail(drafts[1]!, linkedinDetail(jobs[1]!, ORIGIN)));
    expect(detailed.metadata.salary).toMatchObject({ min: 45, max: 60, interval: 'hour', currency: 'USD' });
    expect(detailed.remote).toBe(true);
    // The offsite apply button: through LinkedIn to the employer's form.
    expect(detailed.metadata.applyUrl).toBe(`${ORIGIN}/jobs/view/externalApply/${jobs[1]!.id}`);
  });

  it('Indeed: cards, the next page link, then the description from the view page', () => {
    const { drafts, nextUrl } = parseIndeedSearch(indeedSearch(jobs, '/jobs?q=x&start=15', 'x'), `${ORIGIN}/jobs?q=x`);
    expect(nextUrl).toBe(`${ORIGIN}/jobs?q=x&start=15`);
    const job = built(mergeIndeedDetail(drafts[2]!, indeedViewJob(jobs[2]!)));
    expect(job.metadata.salary).toMatchObject({ min: 3500, max: 3500, interval: 'month', currency: 'CAD' });
    expect(job.salaryMin).toBe(42000);
    expect(job.metadata.descriptionText).toContain('Clear written communication');
  });

  it('ZipRecruiter: a payload split across flight chunks, then JSON-LD from the job page', () => {
    const { drafts } = parseZipSearch(zipSearch(jobs, ORIGIN, 'x'), `${ORIGIN}/jobs-search?search=x&page=1`);
    expect(drafts.map((d) => d.externalId)).toEqual(jobs.map((j) => `ziprecruiter:${j.key}`));
    const job = built(mergeZipDetail(drafts[4]!, zipJobPage(jobs[4]!), drafts[4]!.sourceUrl!));
    expect(job).toMatchObject({ salaryMin: 130000, salaryMax: null, remote: true, jobType: 'full-time' });
    expect(job.metadata.descriptionText).toContain('3+ years of professional experience');
  });

  it("Greenhouse: the workplace from the board's Workplace Type field, hybrid included", () => {
    const answer = greenhouseBoard('acme', jobs, ORIGIN) as { jobs: Record<string, unknown>[] };
    const workplaces = answer.jobs.map((j) => built(greenhouseJobToDraft(j, 'acme')!).metadata.workplace);
    expect(workplaces).toEqual(jobs.map((j) => j.workplace));
    expect(workplaces).toContain('hybrid');
  });

  it('ZipRecruiter legacy page: 20 cards from js_variables; the numbers a capture explains read, the others kept unread', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => fixtureJob(i));
    const { drafts, nextUrl, total } = parseZipSearch(zipLegacySearch(twenty, ORIGIN, 'engineer', 1, 2, 30), `${ORIGIN}/jobs-search?search=engineer&page=1`);
    expect(total).toBe(30);
    expect(nextUrl).toBe(`${ORIGIN}/jobs-search?search=engineer&page=2`);
    const stored = drafts.map(built);
    const code: Record<string, string> = { 'United States': 'US', Canada: 'CA', 'United Kingdom': 'GB', Germany: 'DE' };
    expect(stored.map((j) => j.externalId)).toEqual(twenty.map((j) => `ziprecruiter:${j.key}`));
    stored.forEach((job, i) => {
      const j = twenty[i]!;
      expect(job).toMatchObject({ title: j.title, company: j.company, remote: j.workplace === 'remote', jobType: null });
      expect(job.postedDate?.toISOString().slice(0, 10)).toBe(j.postedAt);
      expect(job.location).toBe(j.workplace === 'remote' ? code[j.country] : `${j.city}, ${j.region} ${code[j.country]}`);
      expect(job.sourceUrl).toMatch(new RegExp(`^${ORIGIN}/c/.+\\?jid=${j.id}$`));
    });
    // Yearly pay in dollars, parsed from the posting (source 2): the job's pay.
    expect(stored[0]!.metadata.salary).toMatchObject({ min: 120_000, max: 150_000, interval: 'year', currency: 'USD' });
    expect(stored[0]!).toMatchObject({ salaryMin: 120_000, salaryMax: 150_000 });
    // Hourly pay: no capture shows its interval number, so the interval is unknown and no annual figure is made.
    expect(stored[1]!.metadata.salary).toMatchObject({ min: 45, max: 60, interval: null, currency: 'USD' });
    expect(stored[1]!.salaryMin).toBeNull();
    expect(stored[1]!.metadata.zipUndecoded).toEqual({ payInterval: [1], employmentTypes: [1] });
    expect(stored[1]!.metadata.workplace).toBe('remote');
    // Monthly pay in Canadian dollars: the month is known, the currency number is not.
    expect(stored[2]!.metadata.salary).toMatchObject({ min: 3500, max: 3500, interval: 'month', currency: null });
    expect(stored[2]!.metadata.zipUndecoded).toEqual({ currency: [2], employmentTypes: [3], locationTypes: [3] });
    expect(stored[2]!.metadata.workplace).toBeUndefined();
    // ZipRecruiter's own figure (source 4, not shown): an estimate, never the job's pay.
    expect(stored[5]!).toMatchObject({ salaryMin: null, salaryMax: null });
    expect(stored[5]!.metadata.salaryEstimate).toMatchObject({ min: 90_000, max: 110_000, interval: 'year', currency: 'USD' });
  });

  it('ZipRecruiter legacy page: the last page says so', () => {
    const { nextUrl } = parseZipSearch(zipLegacySearch(jobs, ORIGIN, 'engineer', 2, 2, 26), `${ORIGIN}/jobs-search?search=engineer&page=2`);
    expect(nextUrl).toBeNull();
  });

  it('Monster: normalizedJobPosting per result and the end of the results', () => {
    const { drafts, nextUrl } = parseMonsterSearch(monsterSearch(jobs, ORIGIN, 6, 'x', FORMS), `${ORIGIN}/jobs/search?q=x&page=1`);
    expect(nextUrl).toBeNull();
    const job = built(drafts[0]!);
    expect(job).toMatchObject({ externalId: `monster:${jobs[0]!.key}`, title: jobs[0]!.title, company: jobs[0]!.company, salaryMin: jobs[0]!.pay!.min, jobType: 'full-time', location: 'Austin, TX, United States' });
    expect(job.metadata.applyUrl).toBe(employerFormUrl(FORMS, jobs[0]!));
  });

  it('career site JSON-LD places and workplaces: every part of the place, a scope word apart, the workplace as stated', () => {
    const postings = careerPostings(1);
    const job = (variant: string) => {
      const p = postings.find((c) => c.variant === variant)!;
      return built(careerPagePostings({ url: `${ORIGIN}${p.path}`, status: 200, body: postingPage(p, ORIGIN, FORMS), via: 'http' })[0]!);
    };
    const newYork = job('graph');
    expect(newYork).toMatchObject({ location: 'New York, New York, United States', remote: true });
    expect(newYork.metadata.workplace).toBe('remote');
    const anywhere = job('trailing-comma');
    expect(anywhere).toMatchObject({ location: 'Remote (global)', remote: true });
    expect(anywhere.metadata.locationScope).toBe('global');
    const hybrid = job('cdata');
    expect(hybrid).toMatchObject({ location: 'Toronto, Ontario, Canada', remote: false });
    expect(hybrid.metadata.workplace).toBe('hybrid');
    expect(job('plain').metadata.workplace).toBeUndefined();
  });

  it('career site JSON-LD variants: graph, CDATA, entities with control characters, trailing comma, no organization, two per page', () => {
    const found = careerPostings(1)
      .filter((p) => p.variant !== 'private')
      .map((p) => ({ variant: p.variant, drafts: careerPagePostings({ url: `${ORIGIN}${p.path}`, status: 200, body: postingPage(p, ORIGIN, FORMS), via: 'http' }) }));
    const count = Object.fromEntries(found.map((f) => [f.variant, f.drafts.length]));
    expect(count).toEqual({ plain: 1, graph: 1, cdata: 1, entities: 1, 'trailing-comma': 1, 'no-org': 1, 'two-per-page': 2, hopeless: 0 });
    const entities = built(found.find((f) => f.variant === 'entities')!.drafts[0]!);
    const title = careerPostings(1).find((p) => p.variant === 'entities')!.job.title;
    expect(entities.description).toBe(`<p>Join us as ${title}.</p>\n\t<ul><li>Ship &amp; iterate</li></ul>`);
    const noOrg = built(found.find((f) => f.variant === 'no-org')!.drafts[0]!);
    expect(noOrg.company).toBe('Example Corp');
  });
});
