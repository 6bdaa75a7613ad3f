/**
 * The crawler's HTTP client: every request is paced per host, retried with backoff on 429/5xx,
 * bounded by a timeout and the crawl's deadline, connected only to addresses the URL guard accepts
 * (each redirect hop re-checked), and screened for block pages before anyone parses it.
 */
import type http from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { guardedAgents, guardedRequest, RedirectRefused, type GuardedAgents } from '../../net/guarded-request';
import { BlockedTargetError, checkTarget } from '../../net/url-guard';
import { config } from '../../config';
import { CrawlBlockedError, CrawlDeadlineError } from '../errors';
import { detectBlock } from './block';
import { HostPacer, type PaceSettings } from './pacing';
import { DEFAULT_BACKOFF, RetriesExhaustedError, isRetryableStatus, parseRetryAfter, retrying, type AttemptResult, type BackoffPolicy } from './retry';
import { CRAWLER_AGENT, robotsRules, type RobotsRules } from './robots';

export interface FetchResult {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FetcherOptions {
  deadline: number;
  pace: PaceSettings;
  backoff?: BackoffPolicy;
  allowPrivate?: boolean;
  /** Per request, before the deadline cuts it shorter. */
  timeoutMs?: number;
  maxBytes?: number;
  userAgent?: string;
}

export interface GetOptions {
  accept?: string;
  /** POST this as the JSON body instead of a GET (Workday's job search is a POST that only reads). */
  json?: unknown;
  /** Statuses the caller handles itself (e.g. 404 for "no such board"); others outside 2xx fail the crawl. */
  expect?: readonly number[];
  /** Screen the page for captchas, challenges and login walls (default true). */
  screen?: boolean;
}

const MAX_REDIRECTS = 5;
const BROWSER_LIKE_UA = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 ${CRAWLER_AGENT}/1.0`;

class RedirectBlocked extends Error {}

export class PoliteFetcher {
  readonly pacer: HostPacer;
  private readonly backoff: BackoffPolicy;
  private readonly allowPrivate: boolean;
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  private readonly agents: GuardedAgents;
  /** Requests made, retries waited for: the crawl's own accounting. */
  readonly stats = { requests: 0, retries: 0, bytes: 0 };

  constructor(private readonly options: FetcherOptions) {
    this.pacer = new HostPacer(options.pace);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.allowPrivate = options.allowPrivate ?? config.allowPrivateTargets();
    this.agents = guardedAgents({ allowPrivate: this.allowPrivate, keepAlive: true, maxSockets: 8 });
  }

  get deadline(): number {
    return this.options.deadline;
  }

  close(): void {
    this.agents.close();
  }

  /** GET (or, with opts.json, a read-only POST) with pacing, retries, redirects and block screening. */
  async get(url: string, opts: GetOptions = {}): Promise<FetchResult> {
    const target = await this.guard(url);
    let result: FetchResult;
    try {
      result = await retrying(async (): Promise<AttemptResult<FetchResult>> => {
        this.assertTime(target.href);
        let res: FetchResult;
        try {
          res = await this.pacer.run(target.host, () => this.follow(target, opts));
        } catch (err) {
          if (err instanceof CrawlBlockedError || err instanceof CrawlDeadlineError || err instanceof RedirectBlocked) throw err;
          this.stats.retries++;
          return { done: false, retryAfterMs: null, why: `${target.host} could not be reached (${(err as Error).message})`, last: null };
        }
        if (isRetryableStatus(res.status)) {
          this.stats.retries++;
          return { done: false, retryAfterMs: parseRetryAfter(headerValue(res.headers['retry-after'])), why: `${target.host} answered HTTP ${res.status}`, last: res };
        }
        return { done: true, value: res };
      }, { policy: this.backoff, deadline: this.options.deadline });
    } catch (err) {
      if (err instanceof RetriesExhaustedError) {
        const last = err.last as FetchResult | null;
        // A 429 asking for more time than is left is the board's doing; any other retry cut short is the deadline's.
        if (err.outOfTime && last?.status !== 429) throw new CrawlDeadlineError(`deadline reached while retrying ${target.href}`);
        throw new CrawlBlockedError(last?.status === 429 ? 'rate limited' : 'unavailable', err.message, target.href);
      }
      if (err instanceof RedirectBlocked) throw new CrawlBlockedError('unexpected page', err.message, target.href);
      throw err;
    }
    if (opts.screen !== false) {
      const verdict = detectBlock(result.status, result.url, result.body);
      if (verdict) throw new CrawlBlockedError(verdict.kind, `answered with ${verdict.detail} (${result.url})`, result.url);
    }
    if ((result.status < 200 || result.status >= 300) && !opts.expect?.includes(result.status)) {
      throw new CrawlBlockedError('unexpected page', `answered HTTP ${result.status} (${result.url})`, result.url);
    }
    return result;
  }

  /** The site's robots.txt rules (fetched once per origin); applies its Crawl-delay to the pacer. */
  async robotsFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    let rules = this.robots.get(origin);
    if (!rules) {
      rules = (async () => {
        const robotsUrl = `${origin}/robots.txt`;
        let parsed: RobotsRules;
        try {
          const res = await this.get(robotsUrl, { screen: false, expect: [400, 401, 403, 404, 410, 500, 502, 503, 504] });
          parsed = robotsRules(robotsUrl, res.status, res.body);
        } catch (err) {
          if (err instanceof CrawlDeadlineError) throw err;
          parsed = robotsRules(robotsUrl, 503, '');
        }
        const delay = parsed.crawlDelay();
        if (delay && delay > 0) this.pacer.setHost(new URL(origin).host, { intervalMs: Math.min(delay, 60) * 1000, concurrency: 1 });
        return parsed;
      })();
      this.robots.set(origin, rules);
    }
    return rules;
  }

  private async guard(url: string): Promise<URL> {
    try {
      return await checkTarget(url, { allowPrivate: this.allowPrivate });
    } catch (err) {
      if (err instanceof BlockedTargetError) throw new CrawlBlockedError('unexpected page', `refused to fetch ${err.message}`, url);
      throw err;
    }
  }

  private assertTime(url: string): void {
    if (Date.now() >= this.options.deadline) throw new CrawlDeadlineError(`deadline reached before fetching ${url}`);
  }

  /** One request and its redirects, each hop checked by the URL guard and connected through its lookup. */
  private async follow(start: URL, opts: GetOptions): Promise<FetchResult> {
    const maxBytes = this.options.maxBytes ?? 10 * 1024 * 1024;
    const body = opts.json === undefined ? null : Buffer.from(JSON.stringify(opts.json));
    const remaining = this.options.deadline - Date.now();
    if (remaining <= 0) throw new CrawlDeadlineError(`deadline reached before fetching ${start.href}`);
    let answered;
    try {
      answered = await guardedRequest(start, {
        agents: this.agents,
        allowPrivate: this.allowPrivate,
        method: body ? 'POST' : 'GET',
        body,
        maxRedirects: MAX_REDIRECTS,
        timeoutMs: Math.min(this.options.timeoutMs ?? 20_000, remaining),
        headers: {
          'user-agent': this.options.userAgent ?? BROWSER_LIKE_UA,
          accept: opts.accept ?? (body ? 'application/json' : 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8'),
          'accept-language': 'en-US,en;q=0.9',
          'accept-encoding': 'gzip, deflate, br',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        beforeHop: (url) => {
          this.assertTime(url.href);
          this.stats.requests++;
        },
      });
    } catch (err) {
      if (err instanceof RedirectRefused || err instanceof BlockedTargetError) throw new RedirectBlocked(err.message);
      throw err;
    }
    const { url, response: res } = answered;
    return new Promise<FetchResult>((resolve, reject) => {
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      const stream =
        encoding === 'gzip' ? res.pipe(createGunzip()) : encoding === 'br' ? res.pipe(createBrotliDecompress()) : encoding === 'deflate' ? res.pipe(createInflate()) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy(new Error(`response larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        this.stats.bytes += size;
        resolve({ url: url.href, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      stream.on('error', reject);
      if (stream !== res) res.on('error', reject);
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
