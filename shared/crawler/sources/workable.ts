/**
 * Workable accounts: the careers widget's `GET /api/v1/widget/accounts/{account}` answers the
 * account's name and every published job (shortcode, title, employment_type, telecommuting,
 * department, city/state/country, locations, published_on, url). Each job's detail,
 * `/api/v2/accounts/{account}/jobs/{shortcode}`, holds its description, requirements and benefits,
 * its workplace (on_site, hybrid, remote) and its publication time. Neither carries pay or an expiry.
 */
import { UnreadablePageError } from '../errors';
import { parseDate } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { atsBoardJson, atsBoardSettings, str } from './ats';
import { joinUrl, type SourceAdapter, type SourceContext } from './types';

function boardOf(ctx: SourceContext): string {
  const t = ctx.spec.target;
  if (t?.kind !== 'workable') throw new Error('workable crawl without a workable target');
  return t.board;
}

function placeOf(job: JsonObject): string | null {
  const parts = [str(job.city), str(job.state), str(job.country)].filter((p): p is string => Boolean(p));
  if (parts.length) return parts.join(', ');
  const first = (Array.isArray(job.locations) ? job.locations : []).filter(isObject).find((l) => l.hidden !== true);
  return first ? [str(first.city), str(first.region), str(first.country)].filter(Boolean).join(', ') || null : null;
}

export function workableJobToDraft(job: JsonObject, board: string, company: string): JobDraft | null {
  const shortcode = str(job.shortcode);
  if (!shortcode) return null;
  const location = placeOf(job);
  return {
    source: 'custom',
    externalId: `workable:${board.toLowerCase()}:${shortcode}`,
    title: job.title,
    company,
    location: job.telecommuting === true && !location ? 'Remote' : location,
    jobType: parseJobType(str(job.employment_type)),
    remote: detectRemote({ flag: typeof job.telecommuting === 'boolean' ? job.telecommuting : null, texts: [location] }),
    sourceUrl: str(job.url) ?? str(job.shortlink),
    applyUrl: str(job.application_url),
    postedDate: parseDate(job.published_on) ?? parseDate(job.created_at),
    metadata: {
      ats: 'workable',
      board,
      shortcode,
      ...(str(job.department) ? { department: str(job.department) } : {}),
      ...(str(job.experience) ? { experienceLevel: str(job.experience) } : {}),
      ...(str(job.function) ? { jobFunction: str(job.function) } : {}),
      ...(str(job.code) ? { requisitionId: str(job.code) } : {}),
    },
  };
}

/** The v2 job: description and benefits, requirements apart, workplace, publication time. */
export function mergeWorkableDetail(draft: JobDraft, body: unknown): JobDraft {
  if (!isObject(body)) return draft;
  const benefits = str(body.benefits);
  const description = [str(body.description), benefits ? `<h3>Benefits</h3>${benefits}` : null].filter(Boolean).join('\n');
  const workplace = str(body.workplace);
  return {
    ...draft,
    title: str(body.title) ?? draft.title,
    description: description || draft.description || null,
    requirements: str(body.requirements) ?? draft.requirements ?? null,
    remote: workplace || typeof body.remote === 'boolean' ? detectRemote({ workplace, flag: typeof body.remote === 'boolean' ? body.remote : null }) : draft.remote,
    postedDate: parseDate(body.published) ?? draft.postedDate ?? null,
  };
}

export const workable: SourceAdapter = {
  name: 'workable',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://apply.workable.com',
  firstPageUrl: (ctx) => joinUrl(ctx.base, `api/v1/widget/accounts/${encodeURIComponent(boardOf(ctx))}`),
  parsePage(page, ctx) {
    const board = boardOf(ctx);
    const data = atsBoardJson(page, 'account', board);
    if (!isObject(data) || !Array.isArray(data.jobs)) throw new UnreadablePageError(`answered JSON without a jobs list for account "${board}"`, page.url);
    const company = str(data.name) ?? board;
    const drafts = data.jobs.filter(isObject).map((j) => workableJobToDraft(j, board, company)).filter((d): d is JobDraft => d !== null);
    return { drafts, nextUrl: null, total: data.jobs.length };
  },
  detail: {
    url: (draft, ctx) => joinUrl(ctx.base, `api/v2/accounts/${encodeURIComponent(boardOf(ctx))}/jobs/${encodeURIComponent(String(draft.metadata?.shortcode))}`),
    merge: (draft, page) => {
      try {
        return mergeWorkableDetail(draft, JSON.parse(page.body));
      } catch {
        return draft;
      }
    },
  },
};
