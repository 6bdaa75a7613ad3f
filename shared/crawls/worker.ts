/**
 * The crawl queue's worker: claims the crawler_jobs row a message names, runs the crawler on it with a
 * sink that stores each page of jobs as it comes (keeping jobs_found true as it goes), and records the
 * outcome. Safe to run twice on one message and on two workers at once (see ./lifecycle).
 */
import type { Crawler, CrawlOutcome, CrawlSink } from '../crawler/port';
import { getDb } from '../data/db';
import { upsertJobs } from '../jobs/upsert';
import { crawlMessageSchema } from '../queue/messages';
import { describeError } from '../queue/records';
import { DEFAULT_DEADLINE_MARGIN_MS, sqsWorker, type QueueWorkerOptions } from '../queue/worker';
import { LeaseLostError, RowBusyError } from '../queue/work-table';
import { crawlQueue } from '../tables/queues';
import { claimCrawl, CRAWL_LEASE_SECONDS, finishCrawl, giveUpCrawl, recordJobsFound, releaseCrawl } from './lifecycle';

export function crawlWorker(crawler: Crawler, options: QueueWorkerOptions = {}) {
  const db = () => options.db ?? getDb();
  const margin = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  return sqsWorker({
    queue: crawlQueue,
    schema: crawlMessageSchema,
    logger: options.logger,
    async process({ crawlId }, record) {
      const claim = await claimCrawl(db(), crawlId, options.leaseSeconds ?? CRAWL_LEASE_SECONDS);
      if (claim.kind === 'missing') return record.log.warn('the crawl no longer exists; nothing to do', { crawlId });
      if (claim.kind === 'finished') return record.log.info('the crawl is already finished; duplicate delivery acknowledged', { crawlId, status: claim.status });
      if (claim.kind === 'busy') throw new RowBusyError(`crawl ${crawlId} is being run by another worker (lease until ${claim.leaseExpiresAt})`);

      if (claim.kind === 'unrunnable') {
        await finishCrawl(db(), crawlId, claim.attempt, { status: 'failed', reason: claim.reason, pages: 0, jobsSeen: 0 }, 0);
        return record.log.warn('the crawl cannot be run', { crawlId, reason: claim.reason });
      }

      const { attempt, spec } = claim;
      const stored = new Set<number>();
      const sink: CrawlSink = {
        async save(jobs) {
          if (jobs.length === 0) return;
          const { ids } = await upsertJobs(db(), jobs);
          for (const id of ids) stored.add(id);
          if (!(await recordJobsFound(db(), crawlId, attempt, stored.size))) throw new LeaseLostError(`crawl ${crawlId} was taken over by another run`);
        },
      };
      let outcome: CrawlOutcome;
      let finished: boolean;
      try {
        outcome = await crawler(spec, sink, { deadline: Date.now() + record.remainingTimeMs() - margin });
        finished = await finishCrawl(db(), crawlId, attempt, outcome, stored.size);
      } catch (error) {
        if (error instanceof LeaseLostError) return record.log.warn('the crawl was taken over by another run; this one stops', { crawlId, attempt });
        // Handed back for another try: the message returns after its visibility timeout (or goes to the dead-letter queue).
        await releaseCrawl(db(), crawlId, attempt, describeError(error)).catch((e) =>
          record.log.error('could not hand the crawl back; the sweeper takes it back when its lease runs out', { crawlId, error: describeError(e) }),
        );
        throw error;
      }
      if (finished) {
        record.log.info('crawl finished', { crawlId, attempt, status: outcome.status, jobsFound: stored.size, pages: outcome.pages });
      } else {
        record.log.warn('the crawl was taken over before it finished; this outcome is not recorded', { crawlId, attempt, status: outcome.status });
      }
    },
    async onGiveUp({ message, reason, receiveCount }) {
      // An invalid body names no row; it is logged and goes to the dead-letter queue as it is.
      if (message) await giveUpCrawl(db(), message.crawlId, `gave up after ${receiveCount} attempts: ${reason}`);
    },
  });
}
