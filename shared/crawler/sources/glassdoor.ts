/**
 * Glassdoor: the search page (Next.js) carries Apollo's cache in `__NEXT_DATA__`
 * (props.pageProps.apolloCache): ROOT_QUERY's `jobListings(...)` entry holds the page's
 * JobListingSearchResult items and the pagination cursors; employers are `__ref`s into the cache.
 * Datacenter visitors get a JavaScript challenge first, so this source goes through the browser,
 * which passes the challenge the way a visitor's browser does.
 */
import { UnreadablePageError } from '../errors';
import { daysAgo } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { salaryFromAmounts } from '../normalize/salary';
import { nextData } from './next-data';
import { boardSearchUrl, jobBoardSettings } from './board';
import type { SourceAdapter } from './types';

interface ListingsEntry {
  jobListings: unknown[];
  paginationCursors: Array<{ pageNumber: number; cursor: string }>;
  totalJobsCount: number | null;
}

function listingsOf(cache: JsonObject): ListingsEntry | null {
  const root = isObject(cache.ROOT_QUERY) ? cache.ROOT_QUERY : null;
  if (!root) return null;
  const key = Object.keys(root).find((k) => k.startsWith('jobListings'));
  const entry = key ? root[key] : null;
  if (!isObject(entry) || !Array.isArray(entry.jobListings)) return null;
  return {
    jobListings: entry.jobListings,
    paginationCursors: (Array.isArray(entry.paginationCursors) ? entry.paginationCursors : []).filter(isObject).map((c) => ({ pageNumber: Number(c.pageNumber), cursor: String(c.cursor) })),
    totalJobsCount: typeof entry.totalJobsCount === 'number' ? entry.totalJobsCount : null,
  };
}

function deref(cache: JsonObject, value: unknown): JsonObject | null {
  if (isObject(value) && typeof value.__ref === 'string') return isObject(cache[value.__ref]) ? (cache[value.__ref] as JsonObject) : null;
  return isObject(value) ? value : null;
}

export function glassdoorListingToDraft(item: JsonObject, cache: JsonObject, pageUrl: string): JobDraft | null {
  const view = deref(cache, item.jobview);
  const header = view ? deref(cache, view.header) : null;
  const job = view ? deref(cache, view.job) : null;
  const id = job?.listingId ?? header?.jobListingId;
  if (!header || id == null) return null;
  const employer = deref(cache, header.employer);
  const pay = isObject(header.payPeriodAdjustedPay) ? header.payPeriodAdjustedPay : null;
  const parsedPay = pay
    ? salaryFromAmounts({ min: pay.p10 as number, max: pay.p90 as number, interval: String(header.payPeriod ?? ''), currency: String(header.payCurrency ?? '') })
    : null;
  const employerProvided = header.salarySource === 'EMPLOYER_PROVIDED';
  const fragments = Array.isArray(job?.descriptionFragmentsText) ? (job.descriptionFragmentsText as unknown[]).filter((f) => typeof f === 'string') : [];
  const link = typeof header.seoJobLink === 'string' ? header.seoJobLink : `/job-listing/j?jl=${String(id)}`;
  const remoteTypes = Array.isArray(header.remoteWorkTypes) ? header.remoteWorkTypes.join(' ') : null;
  return {
    source: 'glassdoor',
    externalId: `glassdoor:${String(id)}`,
    title: job?.jobTitleText ?? header.jobTitleText,
    company: header.employerNameFromSearch ?? employer?.shortName ?? employer?.name,
    location: header.locationName,
    description: fragments.length ? `<ul>${fragments.map((f) => `<li>${String(f)}</li>`).join('')}</ul>` : null,
    salary: employerProvided ? parsedPay : null,
    salaryEstimate: employerProvided ? null : parsedPay,
    remote: detectRemote({ workplace: remoteTypes, texts: [String(header.locationName ?? '')] }),
    sourceUrl: new URL(link, pageUrl).href,
    postedDate: typeof header.ageInDays === 'number' ? daysAgo(header.ageInDays) : null,
    metadata: { glassdoorListingId: String(id), ...(typeof header.rating === 'number' && header.rating > 0 ? { employerRating: header.rating } : {}) },
  };
}

export function parseGlassdoorSearch(html: string, pageUrl: string): { drafts: JobDraft[]; nextUrl: string | null; total: number | null } {
  const data = nextData(html);
  const props = isObject(data) && isObject(data.props) && isObject(data.props.pageProps) ? data.props.pageProps : null;
  const cache = props && isObject(props.apolloCache) ? props.apolloCache : null;
  const listings = cache ? listingsOf(cache) : null;
  if (!cache || !listings) throw new UnreadablePageError(`answered a search page without its listings data (${pageUrl})`, pageUrl);
  const drafts = listings.jobListings
    .map((item) => deref(cache, item))
    .filter((x): x is JsonObject => x !== null)
    .map((item) => glassdoorListingToDraft(item, cache, pageUrl))
    .filter((d): d is JobDraft => d !== null);
  const current = Number(new URL(pageUrl).searchParams.get('p') ?? '1');
  const next = listings.paginationCursors.find((c) => c.pageNumber === current + 1);
  let nextUrl: string | null = null;
  if (next && drafts.length) {
    const url = new URL(pageUrl);
    url.searchParams.set('p', String(next.pageNumber));
    url.searchParams.set('cursor', next.cursor);
    nextUrl = url.href;
  }
  return { drafts, nextUrl, total: listings.totalJobsCount };
}

export const glassdoor: SourceAdapter = {
  name: 'glassdoor',
  source: 'glassdoor',
  ...jobBoardSettings,
  defaultBaseUrl: 'https://www.glassdoor.com',
  transport: 'browser',
  browserWait: { readySelector: 'script#__NEXT_DATA__' },
  pace: { intervalMs: 2_500, concurrency: 1 },
  maxResults: 900, // Glassdoor stops at 30 pages of 30
  firstPageUrl: ({ base, spec }) => boardSearchUrl(base, 'Job/jobs.htm', spec, { query: 'sc.keyword', location: 'locKeyword' }),
  parsePage: (page) => parseGlassdoorSearch(page.body, page.url),
};
