/**
 * Workday careers sites (https://{tenant}.{instance}.myworkdayjobs.com/{site}): the site's own job
 * search, `POST /wday/cxs/{tenant}/{site}/jobs` with `{appliedFacets, limit, offset, searchText}`,
 * answers 20 `jobPostings` a page (title, externalPath, locationsText, "Posted 6 Days Ago") and the
 * search's `total`, on the first page only. Each posting's detail, `GET` the same base +
 * externalPath, holds the description, the dates, the time type and the hiring organization.
 *
 * Workday serves at most 2,000 results of one search: past that it reports a total of 2,000 and
 * answers the same postings whatever the offset. The board's facet counts are not capped, so the
 * crawl can say how many postings the search really matched and that the rest are out of its reach.
 */
import { UnreadablePageError } from '../errors';
import { parseDate, parseRelativeAge } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import type { CrawlSpec } from '../port';
import { atsBoardJson, atsBoardSettings, str } from './ats';
import { joinUrl, type PageRequest, type SourceAdapter, type SourceContext } from './types';

const PAGE_SIZE = 20;
/** The most results Workday serves for one search. */
export const WORKDAY_RESULT_CAP = 2_000;

interface SearchRequest {
  url: string;
  json: { appliedFacets: Record<string, never>; limit: number; offset: number; searchText: string };
  carry?: { total: number };
}

function targetOf(spec: CrawlSpec) {
  const t = spec.target;
  if (t?.kind !== 'workday') throw new Error('workday crawl without a workday target');
  return t;
}

/** The site's CXS API: {base}/wday/cxs/{tenant}/{site}. */
function cxsBase(ctx: SourceContext): string {
  const { tenant, site } = targetOf(ctx.spec);
  return joinUrl(ctx.base, `wday/cxs/${encodeURIComponent(tenant)}/${encodeURIComponent(site)}`);
}

/** A page of the site's search, carrying the first page's total. */
function searchRequest(ctx: SourceContext, offset: number, total: number | null): SearchRequest {
  const query = ctx.spec.searchQuery.trim() === '*' ? '' : ctx.spec.searchQuery.trim();
  return { url: `${cxsBase(ctx)}/jobs`, json: { appliedFacets: {}, limit: PAGE_SIZE, offset, searchText: query }, ...(total === null ? {} : { carry: { total } }) };
}

/** The posting's id: its path's last segment after the title ("Quality-Lead_JR61760" → "JR61760"). */
export function workdayPostingId(externalPath: string): string | null {
  const last = externalPath.split('/').filter(Boolean).at(-1);
  if (!last) return null;
  const cut = last.lastIndexOf('_');
  return cut >= 0 && cut < last.length - 1 ? last.slice(cut + 1) : last;
}

/**
 * The largest sum of one facet's counts, nested groups included: about what the search matched
 * before Workday's cap (a posting in two locations counts twice under a location facet).
 */
export function facetTotal(facets: unknown): number | null {
  let best = 0;
  const visit = (list: unknown) => {
    for (const facet of Array.isArray(list) ? list.filter(isObject) : []) {
      const values = Array.isArray(facet.values) ? facet.values.filter(isObject) : [];
      best = Math.max(best, values.reduce((n, v) => n + (typeof v.count === 'number' ? v.count : 0), 0));
      visit(values.filter((v) => Array.isArray(v.values)));
    }
  };
  visit(facets);
  return best > 0 ? best : null;
}

function capNote(total: number, facets: unknown): string {
  const matched = facetTotal(facets);
  const cap = WORKDAY_RESULT_CAP.toLocaleString('en-US');
  return matched !== null && matched > total
    ? `workday serves at most ${cap} results of one search; this one matched about ${matched.toLocaleString('en-US')} (by the board's facet counts), so about ${(matched - total).toLocaleString('en-US')} are out of reach: narrow the search to reach them`
    : `workday serves at most ${cap} results of one search and this one reached that cap: postings past it are out of reach; narrow the search to reach them`;
}

export function workdayPostingToDraft(posting: JsonObject, ctx: { tenant: string; site: string; base: string }): JobDraft | null {
  const path = str(posting.externalPath);
  const id = path ? workdayPostingId(path) : null;
  if (!path || !id) return null;
  const location = str(posting.locationsText);
  return {
    source: 'custom',
    externalId: `workday:${ctx.tenant.toLowerCase()}:${ctx.site.toLowerCase()}:${id}`,
    title: posting.title,
    // The board's name as the target wrote it, until the posting's detail names its hiring organization.
    company: ctx.tenant,
    location,
    remote: detectRemote({ texts: [location] }),
    sourceUrl: joinUrl(ctx.base, `${encodeURIComponent(ctx.site)}${path}`),
    postedDate: parseRelativeAge(str(posting.postedOn)),
    metadata: {
      ats: 'workday',
      board: `${ctx.tenant}/${ctx.site}`,
      workdayPath: path,
      ...(Array.isArray(posting.bulletFields) && posting.bulletFields.length ? { bulletFields: posting.bulletFields.map(String) } : {}),
    },
  };
}

/** The posting's detail (jobPostingInfo, hiringOrganization) completes the listing's draft. */
export function mergeWorkdayDetail(draft: JobDraft, body: unknown): JobDraft {
  if (!isObject(body) || !isObject(body.jobPostingInfo)) return draft;
  const info = body.jobPostingInfo;
  const org = isObject(body.hiringOrganization) ? str(body.hiringOrganization.name) : null;
  const additional = (Array.isArray(info.additionalLocations) ? info.additionalLocations : []).map((l) => str(l)).filter((l): l is string => Boolean(l));
  const location = [str(info.location) ?? (typeof draft.location === 'string' ? draft.location : null), ...additional].filter(Boolean).join('; ') || null;
  const externalUrl = str(info.externalUrl);
  return {
    ...draft,
    title: str(info.title) ?? draft.title,
    company: org ?? draft.company,
    location,
    description: str(info.jobDescription) ?? draft.description ?? null,
    jobType: parseJobType(str(info.timeType)) ?? draft.jobType ?? null,
    remote: detectRemote({ workplace: str(info.remoteType), texts: [location, str(info.title)] }),
    sourceUrl: externalUrl ?? draft.sourceUrl,
    applyUrl: externalUrl && info.canApply !== false ? `${externalUrl}/apply` : draft.applyUrl ?? null,
    postedDate: parseDate(info.startDate) ?? draft.postedDate ?? null,
    expiresDate: parseDate(info.endDate) ?? draft.expiresDate ?? null,
    metadata: {
      ...draft.metadata,
      ...(str(info.jobReqId) ? { requisitionId: str(info.jobReqId) } : {}),
      ...(str(info.timeType) ? { timeType: str(info.timeType) } : {}),
      ...(isObject(info.country) && str(info.country.descriptor) ? { country: str(info.country.descriptor) } : {}),
      ...(additional.length ? { locations: [str(info.location), ...additional].filter(Boolean) } : {}),
    },
  };
}

function offsetOf(request: PageRequest | undefined): number {
  return request && typeof request !== 'string' && isObject(request.json) && typeof request.json.offset === 'number' ? request.json.offset : 0;
}

function carriedTotal(request: PageRequest | undefined): number | null {
  return request && typeof request !== 'string' && typeof request.carry?.total === 'number' ? request.carry.total : null;
}

export const workday: SourceAdapter = {
  name: 'workday',
  ...atsBoardSettings,
  maxResults: WORKDAY_RESULT_CAP,
  defaultBaseUrl: 'https://{tenant}.{instance}.myworkdayjobs.com',
  baseUrlParams: (spec) => {
    const { tenant, instance } = targetOf(spec);
    return { tenant, instance };
  },
  // The site's own search gets the query (searchText); the crawl's own filter then applies it and the location.
  firstPageUrl: (ctx) => searchRequest(ctx, 0, null),
  parsePage(page, ctx) {
    const { tenant, site } = targetOf(ctx.spec);
    const data = atsBoardJson(page, 'site', `${tenant}/${site}`);
    if (!isObject(data) || !Array.isArray(data.jobPostings)) throw new UnreadablePageError(`answered JSON without a jobPostings list for site "${tenant}/${site}"`, page.url);
    const offset = offsetOf(ctx.request);
    // Workday states the total on the first page only (later pages say 0).
    const total = carriedTotal(ctx.request) ?? (typeof data.total === 'number' ? data.total : 0);
    const drafts = data.jobPostings.filter(isObject).map((p) => workdayPostingToDraft(p, { tenant, site, base: ctx.base })).filter((d): d is JobDraft => d !== null);
    const next = offset + PAGE_SIZE;
    const more = data.jobPostings.length > 0 && next < Math.min(total, WORKDAY_RESULT_CAP);
    return {
      drafts,
      nextUrl: more ? searchRequest(ctx, next, total) : null,
      total,
      ...(offset === 0 && total >= WORKDAY_RESULT_CAP ? { note: capNote(total, data.facets) } : {}),
    };
  },
  detail: {
    url: (draft, ctx) => (typeof draft.metadata?.workdayPath === 'string' ? `${cxsBase(ctx)}${draft.metadata.workdayPath}` : null),
    merge: (draft, page) => {
      try {
        return mergeWorkdayDetail(draft, JSON.parse(page.body));
      } catch {
        return draft;
      }
    },
  },
};
