/**
 * A crawl's row through its states: queued -> running (claimed with a lease) -> completed or failed.
 * Every step is a guarded transition, so a message delivered twice, or to two workers at once, runs
 * the crawl once; a run whose worker vanished is taken over once its lease has run out.
 */
import type { Db } from '../data/types';
import type { CrawlOutcome, CrawlSpec } from '../crawler/port';
import type { JobSource } from '../jobs/input';
import { crawlQueue } from '../tables/queues';
import { unclaimed, workTableSteps, type Unclaimed, type WorkTable } from '../queue/work-table';
import { crawlTargetSchema } from './target';

export const crawlWork: WorkTable<'crawl'> = {
  table: 'crawler_jobs',
  queue: 'crawl',
  waiting: 'queued',
  working: 'running',
  maxAttempts: crawlQueue.maxReceiveCount * 2,
  message: (crawlId) => ({ crawlId }),
  idOf: (message) => message.crawlId,
};

/**
 * Longer than the function can run (Lambda ends it at its timeout), shorter than the visibility
 * timeout: a live run is never taken over, and a redelivered message finds a dead run's lease over.
 */
export const CRAWL_LEASE_SECONDS = crawlQueue.fn.timeoutSeconds + 60;

export type CrawlClaim =
  | { kind: 'claimed'; attempt: number; spec: CrawlSpec }
  /** Claimed, but the row cannot be crawled as stored (a target no crawler understands): fail it, no retry. */
  | { kind: 'unrunnable'; attempt: number; reason: string }
  | Unclaimed;

type ClaimedRow = {
  id: number;
  source: JobSource;
  search_query: string;
  location: string | null;
  target: unknown;
  attempts: number;
};

/** Takes a queued crawl, or a running one whose lease has run out, for this worker. */
export async function claimCrawl(db: Db, crawlId: number, leaseSeconds = CRAWL_LEASE_SECONDS): Promise<CrawlClaim> {
  const row = await db.maybeOne<ClaimedRow>(
    `update crawler_jobs
        set status = 'running', attempts = attempts + 1, lease_expires_at = now() + make_interval(secs => :lease),
            started_at = now(), completed_at = null, jobs_found = 0
      where id = :id and (status = 'queued' or (status = 'running' and lease_expires_at <= now()))
      returning id, source::text as source, search_query, location, target, attempts`,
    { id: crawlId, lease: leaseSeconds },
  );
  if (!row) return unclaimed(db, crawlWork, crawlId);
  const target = row.target === null ? { success: true as const, data: null } : crawlTargetSchema.safeParse(row.target);
  if (!target.success) return { kind: 'unrunnable', attempt: row.attempts, reason: `the crawl's target is not one the crawler knows: ${JSON.stringify(row.target)}` };
  return {
    kind: 'claimed',
    attempt: row.attempts,
    spec: { crawlId: row.id, source: row.source, searchQuery: row.search_query, location: row.location, target: target.data },
  };
}

/** Keeps jobs_found true while the crawl runs; false when the row is no longer this run's. */
export async function recordJobsFound(db: Db, crawlId: number, attempt: number, jobsFound: number): Promise<boolean> {
  const { rowsAffected } = await db.execute(
    `update crawler_jobs set jobs_found = :jobs_found where id = :id and status = 'running' and attempts = :attempt`,
    { id: crawlId, attempt, jobs_found: jobsFound },
  );
  return rowsAffected > 0;
}

/** Records the crawler's outcome; false when the row is no longer this run's (taken over meanwhile). */
export async function finishCrawl(db: Db, crawlId: number, attempt: number, outcome: CrawlOutcome, jobsFound: number): Promise<boolean> {
  const { rowsAffected } = await db.execute(
    `update crawler_jobs
        set status = cast(:status as crawl_status), jobs_found = :jobs_found, completed_at = now(),
            lease_expires_at = null, error_message = :error, note = :note
      where id = :id and status = 'running' and attempts = :attempt`,
    {
      id: crawlId,
      attempt,
      status: outcome.status,
      jobs_found: jobsFound,
      error: outcome.status === 'failed' ? outcome.reason : null,
      note: outcome.status === 'completed' ? (outcome.note ?? null) : null,
    },
  );
  return rowsAffected > 0;
}

export const {
  release: releaseCrawl,
  giveUp: giveUpCrawl,
  markEnqueued: markCrawlsEnqueued,
  enqueue: enqueueCrawls,
  sweep: sweepCrawls,
} = workTableSteps(crawlWork);
