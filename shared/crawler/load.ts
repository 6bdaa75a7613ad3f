/**
 * Getting a page: plain HTTP through the polite fetcher, or the worker's one browser (withPage) for
 * pages that need JavaScript to show their listings. Both pace, guard, retry and screen the same way.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';
import { withPage } from '../browser/chromium';
import { checkTarget } from '../net/url-guard';
import { CrawlBlockedError, CrawlDeadlineError } from './errors';
import { detectBlock } from './http/block';
import type { GetOptions, PoliteFetcher } from './http/fetcher';
import { DEFAULT_BACKOFF, RetriesExhaustedError, isRetryableStatus, retrying } from './http/retry';

export interface LoadedPage {
  url: string;
  status: number;
  body: string;
  via: 'http' | 'browser';
}

export interface BrowserWait {
  /** A selector that exists once the listings are on the page (waited for across reloads). */
  readySelector: string;
}

export interface PageLoader {
  readonly via: 'http' | 'browser';
  load(url: string, opts?: GetOptions & { wait?: BrowserWait }): Promise<LoadedPage>;
}

export function httpLoader(fetcher: PoliteFetcher): PageLoader {
  return {
    via: 'http',
    async load(url, opts) {
      const res = await fetcher.get(url, opts);
      return { url: res.url, status: res.status, body: res.body, via: 'http' };
    },
  };
}

/** What a page in the crawler's browser may load: no images, fonts or media; no refused addresses. */
const SKIPPED_RESOURCES = new Set(['image', 'media', 'font', 'stylesheet', 'texttrack', 'eventsource', 'websocket', 'manifest']);

async function guardRequests(page: Page, allowPrivate: boolean): Promise<void> {
  const hostVerdicts = new Map<string, Promise<boolean>>();
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (SKIPPED_RESOURCES.has(request.resourceType()) || !/^https?:/i.test(url)) {
      void request.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    const host = new URL(url).host;
    let verdict = hostVerdicts.get(host);
    if (!verdict) {
      verdict = checkTarget(url, { allowPrivate }).then(() => true, () => false);
      hostVerdicts.set(host, verdict);
    }
    void verdict.then((ok) => (ok ? request.continue() : request.abort('blockedbyclient'))).catch(() => undefined);
  });
}

export function browserLoader(fetcher: PoliteFetcher, allowPrivate: boolean): PageLoader {
  return {
    via: 'browser',
    async load(url, opts = {}) {
      if (opts.json !== undefined) throw new Error(`the browser loads pages; it does not POST (${url})`);
      const target = await checkTarget(url, { allowPrivate }).catch((err: Error) => {
        throw new CrawlBlockedError('unexpected page', `refused to fetch ${err.message}`, url);
      });
      let page: LoadedPage;
      try {
        page = await retrying(
          async () => {
            const remaining = fetcher.deadline - Date.now();
            if (remaining <= 0) throw new CrawlDeadlineError(`deadline reached before loading ${url}`);
            let loaded: LoadedPage;
            try {
              loaded = await fetcher.pacer.run(target.host, () =>
                withPage(async (p) => {
                  await guardRequests(p, allowPrivate);
                  // The status of the page finally shown: a challenge answers 403, then reloads into the real page.
                  let status = 0;
                  p.on('response', (r) => {
                    if (r.request().isNavigationRequest() && r.frame() === p.mainFrame()) status = r.status();
                  });
                  const timeout = Math.min(30_000, remaining);
                  const response = await p.goto(target.href, { waitUntil: 'domcontentloaded', timeout });
                  status ||= response?.status() ?? 0;
                  if (opts.wait && !isRetryableStatus(status)) {
                    // A block page never gets there; the wait is bounded.
                    await p.waitForSelector(opts.wait.readySelector, { timeout: Math.min(8_000, remaining) }).catch(() => undefined);
                  }
                  return { url: p.url(), status, body: await p.content(), via: 'browser' as const };
                }),
              );
            } catch (err) {
              if (Date.now() >= fetcher.deadline) throw new CrawlDeadlineError(`deadline reached while loading ${url}`);
              // A navigation timeout or a crashed tab: worth another try, like a network error.
              fetcher.stats.retries++;
              return { done: false, retryAfterMs: null, why: `${target.host} could not be loaded in the browser (${(err as Error).message})`, last: null };
            }
            fetcher.stats.requests++;
            if (isRetryableStatus(loaded.status)) {
              fetcher.stats.retries++;
              return { done: false, retryAfterMs: null, why: `${target.host} answered HTTP ${loaded.status}`, last: loaded };
            }
            return { done: true, value: loaded };
          },
          { policy: DEFAULT_BACKOFF, deadline: fetcher.deadline },
        );
      } catch (err) {
        if (err instanceof RetriesExhaustedError) {
          const last = err.last as LoadedPage | null;
          if (err.outOfTime && last?.status !== 429) throw new CrawlDeadlineError(`deadline reached while retrying ${url}`);
          throw new CrawlBlockedError(last?.status === 429 ? 'rate limited' : 'unavailable', err.message, url);
        }
        throw err;
      }
      if (opts.screen !== false) {
        const verdict = detectBlock(page.status, page.url, page.body);
        if (verdict) throw new CrawlBlockedError(verdict.kind, `answered with ${verdict.detail} (${page.url})`, page.url);
      }
      if ((page.status < 200 || page.status >= 300) && !opts.expect?.includes(page.status)) {
        throw new CrawlBlockedError('unexpected page', `answered HTTP ${page.status} (${page.url})`, page.url);
      }
      return page;
    },
  };
}
