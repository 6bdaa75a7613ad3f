/**
 * Monster: the search page (Next.js) carries `jobResults` in `__NEXT_DATA__`, each with a
 * schema.org `normalizedJobPosting` (title, description, hiringOrganization, jobLocation, dates,
 * baseSalary) and the `estimatedTotalSize` of the search. Pages are `page=N`. No details needed.
 */
import { UnreadablePageError } from '../errors';
import { findKey } from '../normalize/embedded-json';
import { isObject } from '../normalize/jsonld';
import { jobPostingToDraft } from '../normalize/job-posting';
import type { JobDraft } from '../normalize/job';
import { nextData } from './next-data';
import { boardSearchUrl, jobBoardSettings } from './board';
import type { SourceAdapter } from './types';

/** seenBefore: results read on earlier pages, to tell the last page from the total. */
export function parseMonsterSearch(html: string, pageUrl: string, seenBefore = 0): { drafts: JobDraft[]; nextUrl: string | null; total: number | null } {
  const data = nextData(html);
  const results = findKey(data, 'jobResults');
  if (!Array.isArray(results)) throw new UnreadablePageError(`answered a search page without its job results data (${pageUrl})`, pageUrl);
  const totalValue = findKey(data, 'estimatedTotalSize');
  const total = typeof totalValue === 'number' ? totalValue : null;
  const origin = new URL(pageUrl).origin;
  const drafts: JobDraft[] = [];
  for (const result of results.filter(isObject)) {
    const id = typeof result.jobId === 'string' ? result.jobId : null;
    const posting = isObject(result.normalizedJobPosting) ? result.normalizedJobPosting : null;
    if (!id || !posting) continue;
    const draft = jobPostingToDraft(posting, { source: 'monster', externalId: `monster:${id}`, pageUrl: `${origin}/job-openings/${id}` });
    const apply = isObject(result.apply) && typeof result.apply.applyUrl === 'string' ? result.apply.applyUrl : null;
    drafts.push({ ...draft, applyUrl: apply, metadata: { ...draft.metadata, monsterJobId: id } });
  }
  const url = new URL(pageUrl);
  const page = Number(url.searchParams.get('page') ?? '1');
  url.searchParams.set('page', String(page + 1));
  const more = drafts.length > 0 && (total === null || seenBefore + results.length < total);
  return { drafts, nextUrl: more ? url.href : null, total };
}

export const monster: SourceAdapter = {
  name: 'monster',
  source: 'monster',
  ...jobBoardSettings,
  defaultBaseUrl: 'https://www.monster.com',
  pace: { intervalMs: 2_000, concurrency: 2 },
  firstPageUrl: ({ base, spec }) => boardSearchUrl(base, 'jobs/search', spec, { query: 'q', location: 'where' }, { page: '1' }),
  parsePage: (page, ctx) => parseMonsterSearch(page.body, page.url, ctx.seenCount),
};
