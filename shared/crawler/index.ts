/**
 * The crawler the crawl worker calls (see ./port.ts): picks the source's adapter and runs the shared
 * crawl loop. Listing pages that need JavaScript go through the worker's one browser
 * (shared/browser/chromium.ts, a page per load, closed after use); everything else is plain HTTP.
 */
import { crawlSource, type EngineSettings } from './engine';
import type { CrawlOptions, CrawlOutcome, CrawlSink, CrawlSpec, Crawler } from './port';
import { adapterFor } from './sources';

export type { EngineSettings } from './engine';

/** runCrawl with engine settings (benchmarks: transport forced, pacing off). */
export async function crawlWith(spec: CrawlSpec, sink: CrawlSink, options: CrawlOptions, settings: EngineSettings = {}): Promise<CrawlOutcome> {
  const adapter = adapterFor(spec);
  if (typeof adapter === 'string') return { status: 'failed', reason: adapter, pages: 0, jobsSeen: 0 };
  return crawlSource(adapter, spec, sink, options, settings);
}

export const runCrawl: Crawler = (spec, sink, options) => crawlWith(spec, sink, options);
