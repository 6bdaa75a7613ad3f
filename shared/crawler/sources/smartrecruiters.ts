/**
 * SmartRecruiters companies: `GET /v1/companies/{id}/postings?offset=&limit=100` pages through the
 * company's postings (`content[]`, `totalFound`): name, company name, releasedDate, location with
 * remote and hybrid flags, typeOfEmployment, department. Each posting's detail,
 * `/v1/companies/{id}/postings/{postingId}`, holds the job ad (description, qualifications,
 * additional information) and the public posting and apply URLs. Neither carries pay or an expiry.
 *
 * SmartRecruiters answers an unknown company with an empty list, exactly as it answers a company
 * with no open postings: an empty first page fails the crawl saying both, never "0 jobs found".
 */
import { UnreadablePageError } from '../errors';
import { parseDate } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { atsBoardJson, atsBoardSettings, str } from './ats';
import { joinUrl, type SourceAdapter, type SourceContext } from './types';

const PAGE_SIZE = 100;
const PUBLIC_SITE = 'https://jobs.smartrecruiters.com';

function boardOf(ctx: SourceContext): string {
  const t = ctx.spec.target;
  if (t?.kind !== 'smartrecruiters') throw new Error('smartrecruiters crawl without a smartrecruiters target');
  return t.board;
}

const label = (value: unknown): string | null => (isObject(value) ? str(value.label) : null);

export function smartRecruitersPostingToDraft(p: JsonObject, board: string): JobDraft | null {
  const id = str(p.id);
  if (!id) return null;
  const company = isObject(p.company) ? p.company : {};
  const loc = isObject(p.location) ? p.location : {};
  const location = str(loc.fullLocation) ?? ([str(loc.city), str(loc.region), str(loc.country)].filter(Boolean).join(', ') || null);
  const workplace = loc.hybrid === true ? 'hybrid' : loc.remote === true ? 'remote' : loc.remote === false ? 'onsite' : null;
  const identifier = str(company.identifier) ?? board;
  return {
    source: 'custom',
    externalId: `smartrecruiters:${board.toLowerCase()}:${id}`,
    title: p.name,
    company: str(company.name) ?? identifier,
    location,
    jobType: parseJobType(label(p.typeOfEmployment)),
    remote: detectRemote({ workplace, texts: [location] }),
    // The public page is /{company}/{id} (the API's `ref` is not a page); the detail names it exactly.
    sourceUrl: `${PUBLIC_SITE}/${encodeURIComponent(identifier)}/${encodeURIComponent(id)}`,
    postedDate: parseDate(p.releasedDate),
    metadata: {
      ats: 'smartrecruiters',
      board,
      ...(label(p.department) ? { department: label(p.department) } : {}),
      ...(label(p.experienceLevel) ? { experienceLevel: label(p.experienceLevel) } : {}),
      ...(label(p.function) ? { jobFunction: label(p.function) } : {}),
      ...(str(p.refNumber) ? { requisitionId: str(p.refNumber) } : {}),
    },
  };
}

function section(sections: JsonObject, name: string): string | null {
  const s = isObject(sections[name]) ? (sections[name] as JsonObject) : null;
  const text = s ? str(s.text) : null;
  if (!text) return null;
  const title = str(s!.title);
  return title ? `<h3>${title}</h3>${text}` : text;
}

/** The posting's job ad: description (company, job, additional information) and qualifications apart. */
export function mergeSmartRecruitersDetail(draft: JobDraft, body: unknown): JobDraft {
  if (!isObject(body)) return draft;
  const ad = isObject(body.jobAd) && isObject(body.jobAd.sections) ? body.jobAd.sections : {};
  const description = ['companyDescription', 'jobDescription', 'additionalInformation'].map((n) => section(ad, n)).filter(Boolean).join('\n');
  return {
    ...draft,
    description: description || draft.description || null,
    requirements: section(ad, 'qualifications') ?? draft.requirements ?? null,
    sourceUrl: str(body.postingUrl) ?? draft.sourceUrl,
    applyUrl: str(body.applyUrl) ?? draft.applyUrl ?? null,
  };
}

export const smartrecruiters: SourceAdapter = {
  name: 'smartrecruiters',
  ...atsBoardSettings,
  defaultBaseUrl: 'https://api.smartrecruiters.com',
  firstPageUrl: (ctx) => joinUrl(ctx.base, `v1/companies/${encodeURIComponent(boardOf(ctx))}/postings?offset=0&limit=${PAGE_SIZE}`),
  parsePage(page, ctx) {
    const board = boardOf(ctx);
    const data = atsBoardJson(page, 'company', board);
    if (!isObject(data) || !Array.isArray(data.content)) throw new UnreadablePageError(`answered JSON without a postings list for company "${board}"`, page.url);
    const url = new URL(page.url);
    const offset = Number(url.searchParams.get('offset') ?? '0');
    const total = typeof data.totalFound === 'number' ? data.totalFound : null;
    if (offset === 0 && data.content.length === 0) {
      throw new UnreadablePageError(`company "${board}" not found, or it has no open postings (SmartRecruiters answers both alike)`, page.url);
    }
    const drafts = data.content.filter(isObject).map((p) => smartRecruitersPostingToDraft(p, board)).filter((d): d is JobDraft => d !== null);
    url.searchParams.set('offset', String(offset + data.content.length));
    const more = data.content.length > 0 && (total === null ? data.content.length >= PAGE_SIZE : offset + data.content.length < total);
    return { drafts, nextUrl: more ? url.href : null, total };
  },
  detail: {
    url: (draft, ctx) => {
      const id = draft.externalId.split(':').at(-1)!;
      return joinUrl(ctx.base, `v1/companies/${encodeURIComponent(boardOf(ctx))}/postings/${encodeURIComponent(id)}`);
    },
    merge: (draft, page) => {
      try {
        return mergeSmartRecruitersDetail(draft, JSON.parse(page.body));
      } catch {
        return draft;
      }
    },
  },
};
