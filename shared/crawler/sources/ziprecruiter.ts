/**
 * ZipRecruiter: the search page (Next.js App Router) streams its data in `self.__next_f.push`
 * flight chunks; `jobKeysMap` maps each listing key to its card (title, company, location, pay,
 * employment and location types, canonical job page). The legacy search page, still served, carries
 * the same cards as JSON in `<script id="js_variables">` (hydrateJobCardsResponse.jobCards, with
 * page and maxPages), its enums written as numbers (see ./ziprecruiter-codes). The job page carries
 * schema.org JSON-LD with the full description. Pages are `page=N`.
 */
import { load } from 'cheerio';
import { UnreadablePageError } from '../errors';
import { balancedJsonAt, nextFlightPayload } from '../normalize/embedded-json';
import { parseDate } from '../normalize/dates';
import { extractJsonLdBlocks, findJobPostings, isObject, type JsonObject } from '../normalize/jsonld';
import { jobPostingToDraft } from '../normalize/job-posting';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { salaryFromAmounts } from '../normalize/salary';
import { boardSearchUrl, jobBoardSettings } from './board';
import type { ListingPage, SourceAdapter } from './types';
import { cardDecoder, type Decoder } from './ziprecruiter-codes';

/** Pay the posting states (given by the employer, or parsed from its text) is the job's; ZipRecruiter's own figures are estimates. */
const STATED_PAY = new Set(['SOURCE_PROVIDED', 'SOURCE_PARSED']);

function names(list: unknown, field: 'employmentTypes' | 'locationTypes', decode: Decoder): string[] {
  return (Array.isArray(list) ? list : [])
    .filter(isObject)
    .map((x) => decode(field, x.name))
    .filter((n): n is string => n !== null)
    .map((n) => n.replace(/^(EMPLOYMENT_TYPE_NAME_|LOCATION_TYPE_NAME_)/, ''));
}

export function zipCardToDraft(card: JsonObject, pageUrl: string): JobDraft | null {
  const key = typeof card.listingKey === 'string' ? card.listingKey : null;
  if (!key) return null;
  const decode = cardDecoder();
  const pay = isObject(card.pay) ? card.pay : null;
  const parsedPay = pay
    ? salaryFromAmounts({
        min: pay.min as number,
        max: pay.max as number,
        interval: (decode('payInterval', pay.interval) ?? '').replace('PAY_INTERVAL_', ''),
        currency: decode('currency', pay.currency),
      })
    : null;
  const stated = isObject(pay?.metadata) && STATED_PAY.has(decode('sourceType', pay.metadata.sourceType) ?? '');
  const company = isObject(card.company) ? card.company.name : null;
  const location = isObject(card.location) ? card.location.displayName : null;
  const status = isObject(card.status) ? card.status : {};
  const page = typeof card.rawCanonicalZipJobPageUrl === 'string' ? new URL(card.rawCanonicalZipJobPageUrl, pageUrl).href : null;
  const jobType = parseJobType(names(card.employmentTypes, 'employmentTypes', decode).map((n) => n.replace(/_/g, '-')));
  const workplace = names(card.locationTypes, 'locationTypes', decode)[0] ?? null;
  return {
    source: 'ziprecruiter',
    externalId: `ziprecruiter:${key}`,
    title: card.title,
    company,
    location,
    description: typeof card.shortDescription === 'string' ? card.shortDescription : null,
    salary: stated ? parsedPay : null,
    salaryEstimate: stated ? null : parsedPay,
    jobType,
    remote: detectRemote({ workplace, texts: [String(location ?? '')] }),
    sourceUrl: page,
    postedDate: parseDate(status.postedAtUtc),
    metadata: {
      zipListingKey: key,
      ...(typeof card.openSeatId === 'string' ? { zipJobId: card.openSeatId } : {}),
      ...(Object.keys(decode.undecoded).length ? { zipUndecoded: decode.undecoded } : {}),
    },
  };
}

/** The current page's cards: the jobKeysMap of the joined flight payload. */
function flightCards(html: string): JsonObject[] | null {
  const payload = nextFlightPayload(html);
  const at = payload.indexOf('"jobKeysMap"');
  const raw = at >= 0 ? balancedJsonAt(payload, at + '"jobKeysMap"'.length + 1) : null;
  try {
    const map: unknown = raw ? JSON.parse(raw) : undefined;
    return isObject(map) ? Object.values(map).filter(isObject) : null;
  } catch {
    return null;
  }
}

interface LegacyPage {
  cards: JsonObject[];
  page: number | null;
  maxPages: number | null;
  total: number | null;
}

/** The legacy page's cards and paging: `<script id="js_variables" type="application/json">`. */
function legacyPage(html: string): LegacyPage | null {
  const text = load(html)('script#js_variables').first().text();
  let data: unknown;
  try {
    data = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return null;
  }
  const hydrated = isObject(data) && isObject(data.hydrateJobCardsResponse) ? data.hydrateJobCardsResponse : null;
  if (!isObject(data) || !hydrated || !Array.isArray(hydrated.jobCards)) return null;
  const count = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : null);
  return { cards: hydrated.jobCards.filter(isObject), page: count(data.page), maxPages: count(data.maxPages), total: count(data.totalJobCount) };
}

export function parseZipSearch(html: string, pageUrl: string): ListingPage {
  const flight = flightCards(html);
  const legacy = flight ? null : legacyPage(html);
  const cards = flight ?? legacy?.cards;
  if (!cards) {
    if (/no jobs found|didn.t find any jobs/i.test(html)) return { drafts: [], nextUrl: null };
    throw new UnreadablePageError(`answered a search page without its job cards data (${pageUrl})`, pageUrl);
  }
  const drafts = cards.map((c) => zipCardToDraft(c, pageUrl)).filter((d): d is JobDraft => d !== null);
  const url = new URL(pageUrl);
  const current = legacy?.page ?? Number(url.searchParams.get('page') ?? '1');
  url.searchParams.set('page', String(current + 1));
  // The legacy page says how many pages there are; the current one is read until a page comes back empty.
  const more = legacy?.maxPages != null ? current < legacy.maxPages && drafts.length > 0 : drafts.length > 0;
  return { drafts, nextUrl: more ? url.href : null, ...(legacy ? { total: legacy.total } : {}) };
}

/** The job page's JSON-LD JobPosting completes the card (full description, stated pay). */
export function mergeZipDetail(draft: JobDraft, html: string, pageUrl: string): JobDraft {
  const posting = extractJsonLdBlocks(html).blocks.flatMap((b) => findJobPostings(b))[0];
  if (!posting) return draft;
  const full = jobPostingToDraft(posting, { source: 'ziprecruiter', externalId: draft.externalId, pageUrl });
  return {
    ...draft,
    description: full.description ?? draft.description ?? null,
    salary: full.salary ?? draft.salary ?? null,
    salaryEstimate: full.salary ? null : draft.salaryEstimate ?? null,
    jobType: full.jobType ?? draft.jobType ?? null,
    expiresDate: full.expiresDate ?? draft.expiresDate ?? null,
  };
}

export const ziprecruiter: SourceAdapter = {
  name: 'ziprecruiter',
  source: 'ziprecruiter',
  ...jobBoardSettings,
  defaultBaseUrl: 'https://www.ziprecruiter.com',
  pace: { intervalMs: 2_000, concurrency: 2 },
  firstPageUrl: ({ base, spec }) => boardSearchUrl(base, 'jobs-search', spec, { query: 'search', location: 'location' }, { page: '1' }),
  parsePage: (page) => parseZipSearch(page.body, page.url),
  detail: {
    url: (draft) => draft.sourceUrl,
    merge: (draft, page) => mergeZipDetail(draft, page.body, page.url),
  },
};
