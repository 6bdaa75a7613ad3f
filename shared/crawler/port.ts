/**
 * The crawl worker's view of the crawler: the worker claims a crawler_jobs row, hands its search to a
 * `Crawler` with a sink that stores each page of jobs as it comes, and records the outcome on the row.
 */
import type { CrawlTarget } from '../crawls/target';
import type { JobInput, JobSource } from '../jobs/input';

export interface CrawlSpec {
  crawlId: number;
  source: JobSource;
  searchQuery: string;
  location: string | null;
  /** Set when source is custom: the ATS board or careers site to crawl. */
  target: CrawlTarget | null;
}

export interface CrawlSink {
  /** Stores a page of normalized jobs (insert or update by external id); resolves once they are committed. */
  save(jobs: JobInput[]): Promise<void>;
}

export interface CrawlOptions {
  /** Epoch ms by which the crawl must have returned (the Lambda's remaining time, less a margin). */
  deadline: number;
}

export type CrawlOutcome =
  | { status: 'completed'; pages: number; jobsSeen: number; note?: string }
  /** reason is for the user (crawler_jobs.error_message): e.g. "linkedin answered with a login wall on page 3". */
  | { status: 'failed'; reason: string; pages: number; jobsSeen: number };

export type Crawler = (spec: CrawlSpec, sink: CrawlSink, options: CrawlOptions) => Promise<CrawlOutcome>;
