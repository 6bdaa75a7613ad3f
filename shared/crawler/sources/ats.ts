/**
 * What the public ATS board APIs (Ashby, Greenhouse, Lever) have in common: one board a crawl, read
 * over HTTP at a gentle pace without robots.txt (they are APIs meant for this), every job of the
 * board returned and filtered here by the crawl's query, and 404 for a board that does not exist.
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

/**
 * The board's answer as JSON. A 404 and a body that is not JSON are each a clear crawl error, never
 * an empty success; `kind` ('board', or Lever's 'site') and `name` say which board in it.
 */
export function atsBoardJson(page: LoadedPage, kind: 'board' | 'site', name: string): unknown {
  const missing = kind === 'board' ? 'job board' : 'postings site';
  if (page.status === 404) throw new UnreadablePageError(`has no ${missing} named "${name}" (HTTP 404)`, page.url);
  try {
    return JSON.parse(page.body);
  } catch {
    throw new UnreadablePageError(`answered something other than JSON for ${kind} "${name}"`, page.url);
  }
}
