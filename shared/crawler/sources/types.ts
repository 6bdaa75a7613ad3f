/**
 * One interface for every source: build the first page's URL, parse a page into job drafts and the
 * next page's URL, and (where listings lack them) fetch details. The engine in ../engine.ts does the
 * fetching, pacing, deduplication, saving and stopping.
 */
import type { CrawlSpec } from '../port';
import type { JobSource } from '../../jobs/input';
import type { PaceSettings } from '../http/pacing';
import type { BrowserWait, LoadedPage } from '../load';
import type { JobDraft } from '../normalize/job';

/**
 * A listing page to load: its URL (a GET), or a JSON body to POST to a URL (Workday's job search),
 * with what the adapter keeps from earlier pages (`carry`: Workday states its total on page 1 only).
 */
export type PageRequest = string | { url: string; json: unknown; carry?: Record<string, number | string> };

export function requestUrl(request: PageRequest): string {
  return typeof request === 'string' ? request : request.url;
}

export interface ListingPage {
  drafts: JobDraft[];
  /** The next page, or null when this was the last. */
  nextUrl: PageRequest | null;
  /** What the source says the search matched, when it says. */
  total?: number | null;
  /** What the user should know about this search (a cap the board put on it): kept on the crawl. */
  note?: string;
}

export interface SourceContext {
  spec: CrawlSpec;
  /** The source's base URL (SOURCE_BASE_URL_<NAME> or the real one). */
  base: string;
  /** 1-based page number of the page being parsed. */
  pageNumber: number;
  /** External ids seen so far in this crawl (the next page's offset may depend on it). */
  seenCount: number;
  /** The listing page being parsed, as it was asked for (a POST body says which offset). */
  request?: PageRequest;
  /** The employer as the board's own page names it (see EmployerPage), when the adapter reads one and it does. */
  employer?: string;
}

/**
 * A board's public page that names the employer its API does not (Lever's postings, Ashby's jobs):
 * read once per crawl, before the listings. It lives on another host than the API (jobs.lever.co,
 * not api.lever.co), with a base-URL setting of its own.
 */
export interface EmployerPage {
  /** Names its base-URL setting: SOURCE_BASE_URL_<NAME> (lever_jobs: SOURCE_BASE_URL_LEVER_JOBS). */
  name: string;
  defaultBaseUrl: string;
  /** The board's page under that base: "acme" for jobs.lever.co/acme. */
  path(spec: CrawlSpec): string;
  /** The employer's name as the page publishes it, or null when it names nobody. */
  employer(page: LoadedPage): string | null;
}

export interface DetailStep {
  /** The detail page for a draft, or null when the listing already has everything. */
  url(draft: JobDraft, ctx: SourceContext): string | null;
  /** The draft completed from its detail page. */
  merge(draft: JobDraft, page: LoadedPage): JobDraft;
}

export interface SourceAdapter {
  /** Names the base-URL setting: SOURCE_BASE_URL_<NAME>. */
  name: string;
  source: JobSource;
  /** The real base URL; `{name}` placeholders are filled from baseUrlParams (boards on their own subdomain). */
  defaultBaseUrl: string;
  /** Values for the base URL's placeholders (https://{board}.recruitee.com); SOURCE_BASE_URL_<NAME> may use them too. */
  baseUrlParams?(spec: CrawlSpec): Record<string, string>;
  /** How listing pages are fetched by default. */
  transport: 'http' | 'browser';
  /** What the browser waits for before reading a page (browser transport only). */
  browserWait?: BrowserWait;
  pace: PaceSettings;
  /** Most results the source serves for one search (boards stop at about 1,000). */
  maxResults: number;
  /** Custom sites: honour robots.txt for every URL. */
  robots: boolean;
  /** Custom boards/sites return everything; the crawl's query and location filter it here. */
  filterBySearch: boolean;
  firstPageUrl(ctx: SourceContext): PageRequest;
  parsePage(page: LoadedPage, ctx: SourceContext): ListingPage;
  detail?: DetailStep;
  /** Extra pages to read from a listing page (career sites: the posting pages it links to). */
  followLinks?(page: LoadedPage, ctx: SourceContext): string[];
  /** Jobs from a followed page (career sites). */
  parseFollowed?(page: LoadedPage, ctx: SourceContext): JobDraft[];
  /** Statuses parsePage handles itself (ATS boards answer 404 for an unknown board). */
  acceptStatuses?: readonly number[];
  /** Where the board names its employer when its listings do not. */
  employerPage?: EmployerPage;
}

/** The base URL with its `{name}` placeholders filled (each value URL-encoded). */
export function fillBaseUrl(template: string, params: Record<string, string>): string {
  const filled = template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? encodeURIComponent(params[name]!) : whole));
  if (/\{\w+\}/.test(filled)) throw new Error(`base URL ${template} has a placeholder no target fills`);
  return filled;
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
