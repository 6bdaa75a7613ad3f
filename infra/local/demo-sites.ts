/**
 * For the README's walk-through on a machine without the internet: the test suite's replicas of the
 * job boards, the ATS board APIs, a careers site and the employers' application forms, served on
 * 127.0.0.1, with the crawler's base URLs pointed at them. The platform code is unchanged; only where
 * it goes differs. Every job the boards publish links to its employer's form on the form site (an
 * ATS board's jobs to that ATS's own pages), so a crawled job can be applied to.
 *
 * `demoTargets` is the one list of what can be crawled: the banner, the README and the tests read it.
 */
import type { CrawlTarget } from '../../shared/crawls/target';
import { boardJobs } from '../../test/fixtures/sites/boards/ats';
import { personioId } from '../../test/fixtures/sites/boards/personio';
import { recruiteeSlug } from '../../test/fixtures/sites/boards/recruitee';
import { startBoardSites, type BoardSites } from '../../test/fixtures/sites/boards/server';
import { workableShortcode } from '../../test/fixtures/sites/boards/workable';
import { workdayPath } from '../../test/fixtures/sites/boards/workday';
import { smartRecruitersOneClickPath } from '../../test/fixtures/sites/forms/ats/smartrecruiters';
import { ASHBY_APPLICATION, LEVER_POSTING, startFormSites, TEAMTAILOR_JOB } from '../../test/fixtures/sites/forms/server';

/** The form site's port: fixed, so the README's URLs stay the same between runs. */
export const DEMO_FORMS_PORT = 4100;

export interface DemoTarget {
  /** What it replicates, e.g. "LinkedIn". */
  name: string;
  /** The POST /crawls body that crawls it. */
  crawl: Record<string, unknown>;
  /** A page of the replica to look at (it answers 200). */
  url: string;
  /** What a visitor meets that a plain page does not have. */
  note?: string;
}

export interface DemoForm {
  name: string;
  /** The form, or the posting that leads to it (it answers 200). */
  url: string;
  /** What applying there meets that other forms do not. */
  note?: string;
}

export interface DemoSites {
  /** The application forms' origin: e.g. `${formsUrl}/greenhouse/acme/jobs/4012345` is a Greenhouse form. */
  formsUrl: string;
  targets: DemoTarget[];
  forms: DemoForm[];
  close(): Promise<void>;
}

/** The demo's ATS boards are all named acme; this is the first job each publishes. */
const ACME_JOB = boardJobs('acme', 1)[0]!;

/** Each replicated site with the crawl that reaches it (the crawler finds the boards through SOURCE_BASE_URL_*). */
export function demoTargets(boards: Pick<BoardSites, 'baseUrls'>): DemoTarget[] {
  const base = boards.baseUrls;
  const board = (name: string, source: string, url: string, note?: string): DemoTarget => ({ name, crawl: { searchQuery: 'engineer', source }, url, ...(note && { note }) });
  const ats = (name: string, target: CrawlTarget, url: string, note?: string): DemoTarget => ({ name, crawl: { searchQuery: '*', source: 'custom', target }, url, ...(note && { note }) });
  return [
    board('LinkedIn', 'linkedin', `${base.linkedin}/jobs-guest/jobs/api/seeMoreJobPostings/search?keywords=engineer&location=&start=0`),
    board('Indeed', 'indeed', `${base.indeed}/jobs?q=engineer`),
    board('Glassdoor', 'glassdoor', `${base.glassdoor}/Job/jobs.htm?sc.keyword=engineer`, 'behind a JavaScript challenge, as the real one: a browser passes it'),
    board('ZipRecruiter', 'ziprecruiter', `${base.ziprecruiter}/jobs-search?search=engineer`),
    board('Monster', 'monster', `${base.monster}/jobs/search?q=engineer`),
    ats('Greenhouse board', { kind: 'greenhouse', board: 'acme' }, `${base.greenhouse}/v1/boards/acme/jobs?content=true`),
    ats('Lever board', { kind: 'lever', site: 'acme' }, `${base.lever}/v0/postings/acme?mode=json`),
    ats('Ashby board', { kind: 'ashby', board: 'acme' }, `${base.ashby}/posting-api/job-board/acme?includeCompensation=true`),
    ats('Workday site', { kind: 'workday', tenant: 'acme', instance: 'wd5', site: 'acme' }, `${base.workday}/acme${workdayPath(ACME_JOB)}`, 'one of its postings; the site is searched by POST /wday/cxs/acme/acme/jobs'),
    ats('SmartRecruiters company', { kind: 'smartrecruiters', board: 'acme' }, `${base.smartrecruiters}/v1/companies/acme/postings`),
    ats('Workable account', { kind: 'workable', board: 'acme' }, `${base.workable}/api/v1/widget/accounts/acme`),
    ats('Recruitee site', { kind: 'recruitee', board: 'acme' }, `${base.recruitee}/acme/api/offers/`),
    ats('Personio jobs page', { kind: 'personio', board: 'acme' }, `${base.personio}/acme/xml`),
    ats('Teamtailor site', { kind: 'teamtailor', board: 'acme' }, `${base.teamtailor}/acme/jobs`),
    ats('careers site', { kind: 'site', url: `${base.careers}/careers` }, `${base.careers}/careers`),
  ];
}

/**
 * One application form of each family, as a job added by its URL (POST /jobs) would use it; an ATS
 * board's jobs apply through that ATS's own pages (here the first acme job's).
 */
export function demoForms(formsUrl: string): DemoForm[] {
  const job = ACME_JOB;
  return [
    { name: 'Greenhouse', url: `${formsUrl}/greenhouse/acme/jobs/4012345` },
    { name: 'Lever', url: `${formsUrl}${LEVER_POSTING}` },
    { name: 'Ashby', url: `${formsUrl}${ASHBY_APPLICATION}` },
    { name: 'multi-step form', url: `${formsUrl}/careers/apply/123` },
    { name: 'SmartRecruiters', url: `${formsUrl}/smartrecruiters${smartRecruitersOneClickPath('acme', job)}` },
    { name: 'Workable', url: `${formsUrl}/workable/acme/j/${workableShortcode(job)}/apply/` },
    { name: 'Recruitee', url: `${formsUrl}/recruitee/acme/o/${recruiteeSlug(job)}/c/new` },
    { name: 'Personio', url: `${formsUrl}/personio/acme/job/${personioId(job)}` },
    // Teamtailor's form is on its job page, on the careers site's own host; this one is a real site's replica.
    { name: 'Teamtailor', url: `${formsUrl}${TEAMTAILOR_JOB}` },
    { name: 'Workday', url: `${formsUrl}/workday/acme${workdayPath(job)}/apply`, note: 'it stops at its candidate account step: Workday takes no application without an account on the tenant' },
  ];
}

export async function startDemoSites(options: { formsPort?: number } = {}): Promise<DemoSites> {
  const forms = await startFormSites({ port: options.formsPort ?? DEMO_FORMS_PORT });
  const boards = await startBoardSites({ formsUrl: forms.baseUrl }).catch(async (error: unknown) => {
    await forms.close();
    throw error;
  });
  boards.useInEnv();
  // A gentle pace, as against real boards, that still finishes a demo crawl in seconds.
  process.env.CRAWL_PACE_MS = '100';
  return {
    formsUrl: forms.baseUrl,
    targets: demoTargets(boards),
    forms: demoForms(forms.baseUrl),
    async close() {
      await Promise.all([boards.close(), forms.close()]);
    },
  };
}
