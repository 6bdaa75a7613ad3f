/**
 * Ashby job boards: `GET /posting-api/job-board/{board}?includeCompensation=true` returns every
 * job with HTML description, isRemote/workplaceType, employmentType, compensation and isListed (an
 * unlisted job is kept off the board, and off the crawl). No field names the company: the board's
 * own page, jobs.ashbyhq.com/{board}, does, and the crawl reads it first (see ashbyBoardEmployer).
 * Where it names nobody the jobs show the board's name as the target wrote it.
 */
import { UnreadablePageError } from '../errors';
import { parseDate } from '../normalize/dates';
import { jsonAfter } from '../normalize/embedded-json';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { placeToText } from '../normalize/job-posting';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { parseSalaryText, salaryFromAmounts, type ParsedSalary } from '../normalize/salary';
import { atsBoardJson, atsBoardSettings } from './ats';
import { joinUrl, type SourceAdapter, type SourceContext } from './types';

function targetOf(ctx: Pick<SourceContext, 'spec'>) {
  const t = ctx.spec.target;
  if (t?.kind !== 'ashby') throw new Error('ashby crawl without an ashby target');
  return t;
}

function compensationOf(job: JsonObject): ParsedSalary | null {
  const comp = isObject(job.compensation) ? job.compensation : null;
  if (!comp) return null;
  const raw = typeof comp.scrapeableCompensationSalarySummary === 'string' ? comp.scrapeableCompensationSalarySummary : null;
  const salary = (Array.isArray(comp.summaryComponents) ? comp.summaryComponents : []).filter(isObject).find((c) => c.compensationType === 'Salary');
  if (salary) {
    return salaryFromAmounts({ min: salary.minValue as number, max: salary.maxValue as number, interval: String(salary.interval ?? ''), currency: (salary.currencyCode as string) ?? null, raw });
  }
  return raw ? parseSalaryText(raw) : null;
}

/**
 * The organization an Ashby board's page names. The page is a script-rendered shell: its one
 * `window.__appData = {...}` holds `organization: {name, publicWebsite, hostedJobsPageSlug, ...}`,
 * and `organization: null` for a board name nobody uses (Ashby answers those 200 too) or a board
 * whose hosted page is off. The blob runs to megabytes on one line: read as balanced JSON, never by a
 * pattern that stops at the first brace.
 */
export function ashbyBoardEmployer(html: string): string | null {
  const data = jsonAfter(html, 'window.__appData');
  const organization = isObject(data) && isObject(data.organization) ? data.organization : null;
  return typeof organization?.name === 'string' && organization.name.trim() ? organization.name.trim() : null;
}

/** A job as a job draft: its company the organization the board's page names (`employer`), else the board's name. */
export function ashbyJobToDraft(job: JsonObject, board: string, employer?: string): JobDraft | null {
  if (typeof job.id !== 'string' || job.isListed === false) return null;
  const secondary = (Array.isArray(job.secondaryLocations) ? job.secondaryLocations : []).filter(isObject).map((l) => String(l.location ?? '')).filter(Boolean);
  const location = typeof job.location === 'string' ? job.location : placeToText(job.address);
  return {
    source: 'custom',
    externalId: `ashby:${board.toLowerCase()}:${job.id}`,
    title: job.title,
    company: employer ?? board,
    location: [location, ...secondary].filter(Boolean).join('; ') || null,
    description: typeof job.descriptionHtml === 'string' ? job.descriptionHtml : typeof job.descriptionPlain === 'string' ? job.descriptionPlain : null,
    salary: compensationOf(job),
    jobType: parseJobType(typeof job.employmentType === 'string' ? job.employmentType : null),
    remote: detectRemote({ workplace: typeof job.workplaceType === 'string' ? job.workplaceType : null, flag: typeof job.isRemote === 'boolean' ? job.isRemote : null }),
    sourceUrl: typeof job.jobUrl === 'string' ? job.jobUrl : null,
    postedDate: parseDate(job.publishedAt),
    applyUrl: typeof job.applyUrl === 'string' ? job.applyUrl : null,
    metadata: {
      ats: 'ashby',
      board,
      companyFrom: employer ? 'board page' : 'board slug',
      ...(job.department ? { department: String(job.department) } : {}),
      ...(job.team ? { team: String(job.team) } : {}),
    },
  };
}

export const ashby: SourceAdapter = {
  name: 'ashby',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://api.ashbyhq.com',
  employerPage: {
    name: 'ashby_jobs',
    defaultBaseUrl: 'https://jobs.ashbyhq.com',
    path: (spec) => encodeURIComponent(targetOf({ spec }).board),
    employer: (page) => ashbyBoardEmployer(page.body),
  },
  firstPageUrl: (ctx) => joinUrl(ctx.base, `posting-api/job-board/${encodeURIComponent(targetOf(ctx).board)}?includeCompensation=true`),
  parsePage(page, ctx) {
    const { board } = targetOf(ctx);
    const data = atsBoardJson(page, 'board', board);
    if (!isObject(data) || !Array.isArray(data.jobs)) throw new UnreadablePageError(`answered JSON without a jobs list for board "${board}"`, page.url);
    const drafts = data.jobs.filter(isObject).map((j) => ashbyJobToDraft(j, board, ctx.employer)).filter((d): d is JobDraft => d !== null);
    return { drafts, nextUrl: null };
  },
};
