/**
 * What the public ATS board APIs have in common: one board a crawl, read over HTTP at a gentle pace
 * without robots.txt (they are APIs meant for this), every job of the board returned and filtered
 * here by the crawl's query, and a clear failure for a board that does not exist, never "0 jobs".
 */
import { UnreadablePageError } from '../errors';
import type { LoadedPage } from '../load';
import type { SourceAdapter } from './types';

export const atsBoardSettings = {
  source: 'custom',
  transport: 'http',
  pace: { intervalMs: 500, concurrency: 2 },
  maxResults: 10_000,
  robots: false,
  filterBySearch: true,
  acceptStatuses: [404],
} as const satisfies Partial<SourceAdapter>;

/** `what` ('board', 'postings site', 'account'...) and `name` say which board; `why` what showed it ("HTTP 404"). */
export function boardNotFound(what: string, name: string, why: string, url: string): UnreadablePageError {
  return new UnreadablePageError(`${what} "${name}" not found (${why})`, url);
}

/** The board's answer as JSON. A 404 and a body that is not JSON are each a clear crawl error, never an empty success. */
export function atsBoardJson(page: LoadedPage, what: string, name: string): unknown {
  if (page.status === 404) throw boardNotFound(what, name, 'HTTP 404', page.url);
  try {
    return JSON.parse(page.body);
  } catch {
    throw new UnreadablePageError(`answered something other than JSON for ${what} "${name}"`, page.url);
  }
}

/** The text of a string field, or null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}
