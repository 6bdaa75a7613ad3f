/**
 * Teamtailor careers sites (https://{company}.teamtailor.com): the job list at /jobs
 * (`ul#jobs_list_container > li`: the job's link and title, then department · location · remote
 * status), more of it behind "Show more" (`#show_more_button a`, a Turbo Stream that appends list
 * items), and each job's page: schema.org JobPosting JSON-LD (entity-encoded HTML description,
 * datePosted, employmentType, hiringOrganization, jobLocation, identifier, validThrough when the job
 * has an end date) and a facts list whose "Remote status" (Hybrid, Fully remote) JSON-LD lacks.
 * A website, not an API: robots.txt is honoured.
 */
import { load, type CheerioAPI } from 'cheerio';
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

/** The job list's items: on the /jobs page itself, or inside a "Show more" Turbo Stream. */
function listItems(html: string): CheerioAPI[] {
  const $ = load(html);
  const streamed = $('turbo-stream[target="jobs_list_container"] template')
    .map((_, t) => $(t).html() ?? '')
    .get();
  const pages = streamed.length ? streamed.map((h) => load(`<ul>${h}</ul>`)) : [$];
  return pages.flatMap((p) => (streamed.length ? p('ul > li') : p('#jobs_list_container > li')).map((_, li) => load(p.html(li) ?? '')).get());
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
  for (const $ of listItems(page.body)) {
    const href = $('a[href]').first().attr('href');
    const url = href ? new URL(href, here) : null;
    const id = url ? JOB_PATH.exec(url.pathname)?.[1] : undefined;
    if (!url || !id) continue;
    url.search = '';
    url.hash = '';
    const facts = $('.mt-1 span')
      .map((_, s) => cleanText($(s).text()))
      .get()
      .filter((t): t is string => Boolean(t) && t !== '·');
    // department · location · remote status; the last is there only for hybrid and remote jobs.
    const [department, location, remoteStatus] = facts;
    drafts.push({
      source: 'custom',
      externalId: `teamtailor:${board.toLowerCase()}:${id}`,
      title: $('[title]').first().attr('title') ?? $('a').first().text(),
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
    remote: remoteStatus ? detectRemote({ workplace: remoteStatus }) : full.remote.workplace ? full.remote : draft.remote,
    metadata: { ...draft.metadata, ...full.metadata, ...(facts.get('department') ? { department: facts.get('department') } : {}) },
  };
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
