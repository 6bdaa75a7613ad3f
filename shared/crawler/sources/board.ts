/**
 * What the job boards (LinkedIn, Indeed, Glassdoor, ZipRecruiter, Monster) have in common: read
 * over HTTP, about 1,000 results served for one search, and the board itself filtering by the
 * crawl's query and location, each under its own parameter names.
 */
import type { CrawlSpec } from '../port';
import { joinUrl, type SourceAdapter } from './types';

export const jobBoardSettings = {
  transport: 'http',
  maxResults: 1_000,
  robots: false,
  filterBySearch: false,
} as const satisfies Partial<SourceAdapter>;

/**
 * A board's first search page: `path` on the base URL with the crawl's query and (when it has one)
 * location under the board's parameter names, then the first-page parameters (`page=1`, `start=0`).
 */
export function boardSearchUrl(
  base: string,
  path: string,
  spec: CrawlSpec,
  names: { query: string; location: string },
  firstPage: Record<string, string> = {},
): string {
  const url = new URL(joinUrl(base, path));
  url.searchParams.set(names.query, spec.searchQuery);
  if (spec.location) url.searchParams.set(names.location, spec.location);
  for (const [name, value] of Object.entries(firstPage)) url.searchParams.set(name, value);
  return url.href;
}
