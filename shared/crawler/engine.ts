/**
 * The crawl loop every source shares: read the employer's name from the board's page where its
 * listings name nobody, then fetch a page, parse it, keep only jobs not seen yet in this crawl,
 * complete them from detail pages, normalize, save the page through the sink, follow the next
 * page. It stops at the last page, at a page with nothing new (no loops, whatever the board does),
 * at the source's result cap, or at the deadline; a block fails the crawl with its reason.
 */
import { config } from '../config';
import type { JobInput } from '../jobs/input';
import { readEmployer } from './employer';
import { CrawlBlockedError, CrawlDeadlineError, UnreadablePageError } from './errors';
import { PoliteFetcher } from './http/fetcher';
import { browserLoader, httpLoader, type LoadedPage, type PageLoader } from './load';
import { buildJob, type JobDraft } from './normalize/job';
import type { CrawlOptions, CrawlOutcome, CrawlSink, CrawlSpec } from './port';
import { fillBaseUrl, requestUrl, type PageRequest, type SourceAdapter, type SourceContext } from './sources/types';

export interface EngineSettings {
  /** Force listing pages through this transport (benchmarks compare the two). */
  transport?: 'http' | 'browser';
  /** false: no pacing (fixture benchmarks only). */
  pacing?: boolean;
  allowPrivate?: boolean;
}

/** Runs async work over items with at most `limit` at a time, preserving order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}+#]+/u).filter((w) => w.length > 0);
}

/** A whole board matched against the crawl's search: every query word in the title or description; the location, or remote. */
export function matchesSearch(job: JobInput, query: string, location: string | null): boolean {
  const q = words(query);
  if (q.length) {
    const text = new Set(words(`${job.title} ${job.metadata.descriptionText ?? ''} ${String(job.metadata.department ?? '')}`));
    if (!q.every((w) => text.has(w))) return false;
  }
  const loc = location?.trim().toLowerCase();
  if (loc && !job.remote && !(job.location ?? '').toLowerCase().includes(loc)) return false;
  return true;
}

export async function crawlSource(adapter: SourceAdapter, spec: CrawlSpec, sink: CrawlSink, options: CrawlOptions, settings: EngineSettings = {}): Promise<CrawlOutcome> {
  const allowPrivate = settings.allowPrivate ?? config.allowPrivateTargets();
  const paceMs = settings.pacing === false ? 0 : config.crawlPaceMs();
  // Robots.txt Crawl-delay still applies on top of this (see PoliteFetcher.robotsFor).
  const pace = paceMs !== undefined && Number.isFinite(paceMs) ? { intervalMs: paceMs, concurrency: Math.max(adapter.pace.concurrency, 4) } : adapter.pace;
  const fetcher = new PoliteFetcher({ deadline: options.deadline, pace, allowPrivate });
  const http = httpLoader(fetcher);
  const transport = settings.transport ?? adapter.transport;
  const listingLoader: PageLoader = transport === 'browser' ? browserLoader(fetcher, allowPrivate) : http;
  const base = fillBaseUrl(config.sourceBaseUrl(adapter.name) ?? adapter.defaultBaseUrl, adapter.baseUrlParams?.(spec) ?? {});

  const seen = new Set<string>();
  const skipped: string[] = [];
  let pages = 0;
  let jobsSeen = 0;
  let filteredOut = 0;
  let stopNote: string | undefined;
  const sourceNotes = new Set<string>();
  let employer: string | undefined;
  const ctx = (request?: PageRequest): SourceContext => ({ spec, base, pageNumber: pages + 1, seenCount: seen.size, ...(request ? { request } : {}), ...(employer ? { employer } : {}) });

  const load = async (loader: PageLoader, request: PageRequest): Promise<LoadedPage | null> => {
    const url = requestUrl(request);
    if (adapter.robots) {
      const rules = await fetcher.robotsFor(url);
      if (!rules.allowed(url)) return null;
    }
    const body = typeof request === 'string' ? {} : { json: request.json };
    return loader.load(url, { wait: adapter.browserWait, expect: adapter.acceptStatuses, ...body });
  };

  const finish = (drafts: JobDraft[]): JobInput[] => {
    const jobs: JobInput[] = [];
    for (const draft of drafts) {
      const built = buildJob(draft);
      if (!built.ok) {
        skipped.push(built.reason);
        continue;
      }
      if (adapter.filterBySearch && !matchesSearch(built.job, spec.searchQuery, spec.location)) {
        filteredOut++;
        continue;
      }
      jobs.push(built.job);
    }
    return jobs;
  };

  const withDetails = async (drafts: JobDraft[], c: SourceContext): Promise<JobDraft[]> => {
    const detail = adapter.detail;
    if (!detail) return drafts;
    let blocked: unknown = null;
    const completed = await mapLimit(drafts, fetcher.pacer.settingsFor(new URL(base).host).concurrency, async (draft) => {
      const url = blocked ? null : detail.url(draft, c);
      if (!url) return draft;
      try {
        // A website's detail pages (Teamtailor's job pages) are under its robots.txt too; a disallowed one keeps the listing's data.
        if (adapter.robots && !(await fetcher.robotsFor(url)).allowed(url)) return draft;
        const page = await http.load(url, { expect: [404, 410] });
        return page.status === 200 ? detail.merge(draft, page) : draft;
      } catch (err) {
        // One odd detail page (a 400, a refused redirect) costs that job its details, not the crawl.
        if (err instanceof CrawlBlockedError && err.kind === 'unexpected page') return draft;
        // The listing's own data is still worth keeping; a block ends the crawl after this page is saved.
        blocked ??= err;
        return draft;
      }
    });
    if (blocked) {
      const jobs = finish(completed);
      if (jobs.length) await sink.save(jobs);
      jobsSeen += jobs.length;
      throw blocked;
    }
    return completed;
  };

  try {
    if (adapter.employerPage) {
      const reading = await readEmployer(adapter.employerPage, spec, fetcher, http);
      if (reading.name !== null) employer = reading.name;
      else sourceNotes.add(reading.note);
    }
    let request: PageRequest | null = adapter.firstPageUrl(ctx());
    while (request) {
      if (jobsSeen + filteredOut >= adapter.maxResults) {
        stopNote = `stopped at the source's cap of ${adapter.maxResults} results`;
        break;
      }
      const c = ctx(request);
      const url = requestUrl(request);
      const page = await load(listingLoader, request);
      if (!page) throw new CrawlBlockedError('forbidden', `robots.txt disallows ${url}`, url);
      const listing = adapter.parsePage(page, c);
      pages++;
      if (listing.note) sourceNotes.add(listing.note);

      let drafts = listing.drafts;
      if (adapter.followLinks && adapter.parseFollowed) {
        const links = adapter.followLinks(page, c).filter((l) => !seen.has(`link:${l}`));
        links.forEach((l) => seen.add(`link:${l}`));
        const followed = await mapLimit(links, fetcher.pacer.settingsFor(new URL(url).host).concurrency, async (link) => {
          const p = await load(http, link).catch((err: unknown) => {
            if (err instanceof CrawlBlockedError && err.kind === 'unexpected page') return null; // one broken posting page is not a blocked site
            throw err;
          });
          if (!p) return [];
          pages++;
          return adapter.parseFollowed!(p, c);
        });
        drafts = drafts.concat(followed.flat());
      }

      const fresh = drafts.filter((d) => {
        if (seen.has(d.externalId)) return false;
        seen.add(d.externalId);
        return true;
      });
      if (fresh.length === 0) break; // an empty page, or one repeating what we have: the end
      const room = adapter.maxResults - jobsSeen - filteredOut;
      const jobs = finish(await withDetails(fresh.slice(0, room), c));
      if (jobs.length) await sink.save(jobs);
      jobsSeen += jobs.length;
      request = listing.nextUrl;
    }
  } catch (err) {
    if (err instanceof CrawlDeadlineError) {
      stopNote = `stopped at the deadline after ${pages} pages`;
    } else if (err instanceof CrawlBlockedError || err instanceof UnreadablePageError) {
      return { status: 'failed', reason: `${adapter.name} ${err.message} on page ${pages + 1}`, pages, jobsSeen };
    } else {
      throw err;
    }
  } finally {
    fetcher.close();
  }
  const notes = [
    ...sourceNotes,
    stopNote,
    filteredOut ? `${filteredOut} postings did not match the search` : undefined,
    skipped.length ? `${skipped.length} postings skipped as incomplete (${skipped.slice(0, 3).join('; ')})` : undefined,
  ].filter(Boolean);
  return { status: 'completed', pages, jobsSeen, ...(notes.length ? { note: notes.join('; ') } : {}) };
}
