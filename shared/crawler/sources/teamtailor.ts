/**
 * Teamtailor careers sites (https://{company}.teamtailor.com): the job list at /jobs
 * (`ul#jobs_list_container > li`: the job's link and title, then department · location · remote
 * status), more of it behind "Show more" (`#show_more_button a`, a Turbo Stream that appends list
 * items), and each job's page: schema.org JobPosting JSON-LD (entity-encoded HTML description,
 * datePosted, employmentType, hiringOrganization, jobLocation, identifier, validThrough when the job
 * has an end date) and a facts list whose "Remote status" (Hybrid, Fully remote) JSON-LD lacks.
 * A website, not an API: robots.txt is honoured.
 */
import { load } from 'cheerio';
import { parseDate } from '../normalize/dates';
import { extractJsonLdBlocks, findJobPostings } from '../normalize/jsonld';
import { jobPostingToDraft } from '../normalize/job-posting';
import { cleanText } from '../normalize/html';
import type { JobDraft } from '../normalize/job';
import { detectRemote } from '../normalize/remote';
import type { LoadedPage } from '../load';
import type { CrawlSpec } from '../port';
import { atsBoardSettings, boardNotFound } from './ats';
import { joinUrl, type SourceAdapter } from './types';

function boardOf(spec: CrawlSpec): string {
  const t = spec.target;
  if (t?.kind !== 'teamtailor') throw new Error('teamtailor crawl without a teamtailor target');
  return t.board;
}

const JOB_PATH = /\/jobs\/(\d+)(?:-[^/?#]*)?\/?$/;

interface ListEntry {
  href: string | null;
  title: string | null;
  /** department · location · remote status, as the list shows them under the title. */
  facts: string[];
}

/** The job list's entries: on the /jobs page itself, or inside a "Show more" Turbo Stream. */
function listEntries(html: string): ListEntry[] {
  const $ = load(html);
  const streamed = $('turbo-stream[target="jobs_list_container"] template')
    .map((_, t) => $(t).html() ?? '')
    .get();
  const [doc, selector] = streamed.length ? [load(`<ul>${streamed.join('')}</ul>`), 'ul > li'] : [$, '#jobs_list_container > li'];
  return doc(selector)
    .map((_, li) => {
      const item = doc(li);
      return {
        href: item.find('a[href]').first().attr('href') ?? null,
        title: item.find('[title]').first().attr('title') ?? cleanText(item.find('a').first().text()),
        facts: item
          .find('.mt-1 span')
          .map((_, span) => cleanText(doc(span).text()))
          .get()
          .filter((t): t is string => Boolean(t) && t !== '·'),
      };
    })
    .get();
}

/** Where "Show more" leads, on the page or in the stream that replaces the button. */
function showMoreHref(html: string): string | null {
  const $ = load(html);
  const onPage = $('#show_more_button a[href]').attr('href');
  if (onPage) return onPage;
  const replaced = $('turbo-stream[target="show_more_button"] template').html();
  return replaced ? (load(replaced)('a[href]').attr('href') ?? null) : null;
}

export function parseTeamtailorList(page: LoadedPage, board: string): { drafts: JobDraft[]; nextUrl: string | null } {
  if (page.status === 404) throw boardNotFound('careers site', board, 'HTTP 404', page.url);
  const here = new URL(page.url);
  const siteName = load(page.body)('meta[property="og:site_name"]').attr('content')?.trim() || null;
  const drafts: JobDraft[] = [];
  for (const entry of listEntries(page.body)) {
    const url = entry.href ? new URL(entry.href, here) : null;
    const id = url ? JOB_PATH.exec(url.pathname)?.[1] : undefined;
    if (!url || !id) continue;
    url.search = '';
    url.hash = '';
    // department · location · remote status; the last is there only for hybrid and remote jobs.
    const [department, location, remoteStatus] = entry.facts;
    drafts.push({
      source: 'custom',
      externalId: `teamtailor:${board.toLowerCase()}:${id}`,
      title: entry.title,
      // The site's name until the job page names its hiring organization.
      company: siteName ?? board,
      location: location ?? null,
      remote: detectRemote({ workplace: remoteStatus ?? null, texts: [location] }),
      sourceUrl: url.href,
      metadata: { ats: 'teamtailor', board, ...(department ? { department } : {}) },
    });
  }
  const more = showMoreHref(page.body);
  const next = more ? new URL(more, here) : null;
  return { drafts, nextUrl: next && next.origin === here.origin ? next.href : null };
}

/** The job page: its JSON-LD JobPosting and its facts list (Department, Locations, Remote status). */
export function mergeTeamtailorJobPage(draft: JobDraft, page: LoadedPage): JobDraft {
  const posting = extractJsonLdBlocks(page.body).blocks.flatMap((b) => findJobPostings(b))[0];
  const $ = load(page.body);
  const facts = new Map<string, string>();
  $('dl dt').each((_, dt) => {
    const name = cleanText($(dt).text());
    const value = cleanText($(dt).next('dd').text());
    if (name && value) facts.set(name.toLowerCase(), value);
  });
  if (!posting) return draft;
  const full = jobPostingToDraft(posting, { source: 'custom', externalId: draft.externalId, pageUrl: draft.sourceUrl ?? page.url, fallbackCompany: typeof draft.company === 'string' ? draft.company : null });
  const remoteStatus = facts.get('remote status') ?? null;
  const location = full.location ?? facts.get('locations') ?? draft.location ?? null;
  return {
    ...full,
    sourceUrl: draft.sourceUrl,
    location,
    postedDate: postingDay(posting.datePosted),
    remote: remoteStatus ? detectRemote({ workplace: remoteStatus }) : full.remote.workplace ? full.remote : draft.remote,
    metadata: { ...draft.metadata, ...full.metadata, ...(facts.get('department') ? { department: facts.get('department') } : {}) },
  };
}

/**
 * Teamtailor writes datePosted as the posting day's local midnight ("2025-08-24T00:00:00+01:00"):
 * the day it names is the posting date, not the UTC instant (the evening before).
 */
function postingDay(value: unknown): Date | null {
  const day = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim())?.[1] : undefined;
  return day ? parseDate(day) : parseDate(value);
}

export const teamtailor: SourceAdapter = {
  name: 'teamtailor',
  ...atsBoardSettings,
  pace: { intervalMs: 1_000, concurrency: 2 },
  robots: true,
  defaultBaseUrl: 'https://{board}.teamtailor.com',
  baseUrlParams: (spec) => ({ board: boardOf(spec) }),
  firstPageUrl: (ctx) => joinUrl(ctx.base, 'jobs'),
  parsePage: (page, ctx) => parseTeamtailorList(page, boardOf(ctx.spec)),
  detail: {
    url: (draft) => draft.sourceUrl,
    merge: (draft, page) => mergeTeamtailorJobPage(draft, page),
  },
};
