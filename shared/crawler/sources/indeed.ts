/**
 * Indeed: the search page carries its cards as JSON in
 * `window.mosaic.providerData["mosaic-provider-jobcards"]` (metaData.mosaicProviderJobCardsModel.results),
 * the next page is the pagination link; the full description is on `/viewjob?jk=` in
 * `window._initialData` (jobInfoWrapperModel.jobInfoModel.sanitizedJobDescription).
 */
import { load } from 'cheerio';
import { UnreadablePageError } from '../errors';
import { jsonAfter } from '../normalize/embedded-json';
import { parseDate, parseRelativeAge } from '../normalize/dates';
import { isObject, type JsonObject } from '../normalize/jsonld';
import { parseJobType } from '../normalize/job-type';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import { parseSalaryText, salaryFromAmounts, type ParsedSalary } from '../normalize/salary';
import { boardSearchUrl, jobBoardSettings } from './board';
import { joinUrl, type SourceAdapter } from './types';

const CARDS_MARKER = /window\.mosaic\.providerData\[["']mosaic-provider-jobcards["']\]\s*=/;

function taxonomy(card: JsonObject, label: string): string[] {
  const groups = Array.isArray(card.taxonomyAttributes) ? card.taxonomyAttributes : [];
  const group = groups.find((g) => isObject(g) && g.label === label) as JsonObject | undefined;
  return (Array.isArray(group?.attributes) ? group.attributes : []).map((a) => (isObject(a) ? String(a.label ?? '') : '')).filter(Boolean);
}

function cardSalary(card: JsonObject): ParsedSalary | null {
  const snippet = isObject(card.salarySnippet) ? card.salarySnippet : {};
  const currency = typeof snippet.currency === 'string' && snippet.currency ? snippet.currency : null;
  const text = typeof snippet.text === 'string' ? snippet.text : null;
  const extracted = isObject(card.extractedSalary) ? card.extractedSalary : null;
  if (extracted) {
    return salaryFromAmounts({ min: extracted.min as number, max: extracted.max as number, interval: String(extracted.type ?? ''), currency, raw: text });
  }
  return text ? parseSalaryText(text, { currency }) : null;
}

export function indeedCardToDraft(card: JsonObject, origin: string): JobDraft | null {
  const jobkey = typeof card.jobkey === 'string' ? card.jobkey : null;
  if (!jobkey) return null;
  const remoteLabels = taxonomy(card, 'remote');
  return {
    source: 'indeed',
    externalId: `indeed:${jobkey}`,
    title: card.displayTitle ?? card.title,
    company: card.company ?? card.truncatedCompany,
    location: card.formattedLocation,
    description: typeof card.snippet === 'string' ? card.snippet : null,
    salary: cardSalary(card),
    jobType: parseJobType(taxonomy(card, 'job-types')),
    remote: detectRemote({ workplace: remoteLabels[0] ?? null, flag: card.remoteLocation === true ? true : null, texts: [String(card.formattedLocation ?? '')] }),
    sourceUrl: `${origin}/viewjob?jk=${encodeURIComponent(jobkey)}`,
    postedDate: parseDate(card.pubDate) ?? parseRelativeAge(String(card.formattedRelativeTime ?? '')),
    expiresDate: null,
    metadata: { indeedJobKey: jobkey, ...(card.sponsored === true ? { sponsored: true } : {}) },
  };
}

export function parseIndeedSearch(html: string, pageUrl: string): { drafts: JobDraft[]; nextUrl: string | null } {
  const data = jsonAfter(html, CARDS_MARKER);
  const results = isObject(data) && isObject(data.metaData) && isObject(data.metaData.mosaicProviderJobCardsModel) ? data.metaData.mosaicProviderJobCardsModel.results : undefined;
  if (!Array.isArray(results)) throw new UnreadablePageError(`answered a search page without its job cards data (${pageUrl})`, pageUrl);
  const origin = new URL(pageUrl).origin;
  const drafts = results.filter(isObject).map((c) => indeedCardToDraft(c, origin)).filter((d): d is JobDraft => d !== null);
  const href = load(html)('a[data-testid="pagination-page-next"]').attr('href');
  return { drafts, nextUrl: href ? new URL(href, pageUrl).href : null };
}

export function mergeIndeedDetail(draft: JobDraft, html: string): JobDraft {
  const data = jsonAfter(html, /window\._initialData\s*=/);
  const info = isObject(data) && isObject(data.jobInfoWrapperModel) && isObject(data.jobInfoWrapperModel.jobInfoModel) ? data.jobInfoWrapperModel.jobInfoModel : null;
  if (!info) return draft;
  const header = isObject(info.jobInfoHeaderModel) ? info.jobInfoHeaderModel : {};
  const meta = isObject(info.jobMetadataHeaderModel) ? info.jobMetadataHeaderModel : {};
  const pay = isObject(data) && isObject(data.salaryInfoModel) ? data.salaryInfoModel : null;
  const remoteModel = isObject(header.remoteWorkModel) ? header.remoteWorkModel : null;
  const payText = typeof pay?.salaryText === 'string' ? pay.salaryText : null;
  // The view model has no currency field: the card's, else the symbol in its own pay text.
  const currency = draft.salary?.salary.currency ?? parseSalaryText(payText)?.salary.currency ?? null;
  const salary = pay ? salaryFromAmounts({ min: pay.salaryMin as number, max: pay.salaryMax as number, interval: String(pay.salaryType ?? ''), raw: payText, currency }) : null;
  return {
    ...draft,
    title: header.jobTitle ?? draft.title,
    company: header.companyName ?? draft.company,
    description: typeof info.sanitizedJobDescription === 'string' ? info.sanitizedJobDescription : draft.description,
    salary: salary ?? draft.salary ?? null,
    jobType: parseJobType(typeof meta.jobType === 'string' ? meta.jobType.split(/,\s*/) : null) ?? draft.jobType ?? null,
    remote: remoteModel ? detectRemote({ workplace: String(remoteModel.type ?? remoteModel.text ?? '') }) : draft.remote,
  };
}

export const indeed: SourceAdapter = {
  name: 'indeed',
  source: 'indeed',
  ...jobBoardSettings,
  defaultBaseUrl: 'https://www.indeed.com',
  pace: { intervalMs: 2_000, concurrency: 2 },
  firstPageUrl: ({ base, spec }) => boardSearchUrl(base, 'jobs', spec, { query: 'q', location: 'l' }),
  parsePage: (page) => parseIndeedSearch(page.body, page.url),
  detail: {
    url: (draft, { base }) => joinUrl(base, `viewjob?jk=${encodeURIComponent(String(draft.metadata?.indeedJobKey))}`),
    merge: (draft, page) => mergeIndeedDetail(draft, page.body),
  },
};
