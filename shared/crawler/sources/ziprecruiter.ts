/**
 * ZipRecruiter: the search page (Next.js App Router) streams its data in `self.__next_f.push`
 * flight chunks; `jobKeysMap` maps each listing key to its card (title, company, location, pay,
 * employment and location types, canonical job page). The job page carries schema.org JSON-LD
 * with the full description. Pages are `page=N`.
 */
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
import type { SourceAdapter } from './types';

function names(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).filter(isObject).map((x) => String(x.name ?? '').replace(/^(EMPLOYMENT_TYPE_NAME_|LOCATION_TYPE_NAME_)/, ''));
}

export function zipCardToDraft(card: JsonObject, pageUrl: string): JobDraft | null {
  const key = typeof card.listingKey === 'string' ? card.listingKey : null;
  if (!key) return null;
  const pay = isObject(card.pay) ? card.pay : null;
  const parsedPay = pay ? salaryFromAmounts({ min: pay.min as number, max: pay.max as number, interval: String(pay.interval ?? '').replace('PAY_INTERVAL_', ''), currency: String(pay.currency ?? '') }) : null;
  const provided = isObject(pay?.metadata) && pay.metadata.sourceType === 'SOURCE_PROVIDED';
  const company = isObject(card.company) ? card.company.name : null;
  const location = isObject(card.location) ? card.location.displayName : null;
  const status = isObject(card.status) ? card.status : {};
  const page = typeof card.rawCanonicalZipJobPageUrl === 'string' ? new URL(card.rawCanonicalZipJobPageUrl, pageUrl).href : null;
  return {
    source: 'ziprecruiter',
    externalId: `ziprecruiter:${key}`,
    title: card.title,
    company,
    location,
    description: typeof card.shortDescription === 'string' ? card.shortDescription : null,
    salary: provided ? parsedPay : null,
    salaryEstimate: provided ? null : parsedPay,
    jobType: parseJobType(names(card.employmentTypes).map((n) => n.replace(/_/g, '-'))),
    remote: detectRemote({ workplace: names(card.locationTypes)[0] ?? null, texts: [String(location ?? '')] }),
    sourceUrl: page,
    postedDate: parseDate(status.postedAtUtc),
    metadata: { zipListingKey: key, ...(typeof card.openSeatId === 'string' ? { zipJobId: card.openSeatId } : {}) },
  };
}

export function parseZipSearch(html: string, pageUrl: string): { drafts: JobDraft[]; nextUrl: string | null } {
  const payload = nextFlightPayload(html);
  const at = payload.indexOf('"jobKeysMap"');
  const raw = at >= 0 ? balancedJsonAt(payload, at + '"jobKeysMap"'.length + 1) : null;
  let map: unknown;
  try {
    map = raw ? JSON.parse(raw) : undefined;
  } catch {
    map = undefined;
  }
  if (!isObject(map)) {
    if (/no jobs found|didn.t find any jobs/i.test(html)) return { drafts: [], nextUrl: null };
    throw new UnreadablePageError(`answered a search page without its job cards data (${pageUrl})`, pageUrl);
  }
  const drafts = Object.values(map).filter(isObject).map((c) => zipCardToDraft(c, pageUrl)).filter((d): d is JobDraft => d !== null);
  const url = new URL(pageUrl);
  url.searchParams.set('page', String(Number(url.searchParams.get('page') ?? '1') + 1));
  return { drafts, nextUrl: drafts.length ? url.href : null };
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
