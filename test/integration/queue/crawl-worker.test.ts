/**
 * The crawl worker's contract with at-least-once delivery, driven with small crawlers written for
 * the test: one message run twice, two deliveries at once, a crashed run taken over after its lease,
 * a failing record beside good ones, and the reason recorded on the last receive.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Crawler, CrawlSpec } from '../../../shared/crawler/port';
import { claimCrawl } from '../../../shared/crawls/lifecycle';
import { crawlWorker } from '../../../shared/crawls/worker';
import type { Db } from '../../../shared/data/types';
import { crawlQueue } from '../../../shared/tables/queues';
import { freshDatabase } from '../../support/db';
import { jobInput } from '../schema/helpers';
import { createCrawl, deliver, failedIds, sqsRecord } from './helpers';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshDatabase());
});

type CrawlRow = {
  status: string;
  jobs_found: number;
  attempts: number;
  error_message: string | null;
  started_at: string | null;
  completed_at: string | null;
  lease_expires_at: string | null;
};
const crawlRow = (id: number) =>
  db.one<CrawlRow>(`select status::text as status, jobs_found, attempts, error_message, started_at, completed_at, lease_expires_at from crawler_jobs where id = :id`, { id });

/** A crawler that stores two pages (one job on both) and counts its runs. */
function pagesCrawler() {
  const runs: CrawlSpec[] = [];
  const crawler: Crawler = async (spec, sink) => {
    runs.push(spec);
    const shared = jobInput();
    await sink.save([jobInput(), shared]);
    await sink.save([shared, jobInput()]);
    return { status: 'completed', pages: 2, jobsSeen: 4 };
  };
  return { crawler, runs };
}

describe('the crawl worker', () => {
  it('runs a crawl once however often its message is delivered, and records distinct jobs found', async () => {
    const { crawler, runs } = pagesCrawler();
    const handler = crawlWorker(crawler, { db });
    const crawlId = await createCrawl(db, { query: 'platform engineer' });
    const record = sqsRecord(crawlQueue, { crawlId });

    expect(await deliver(handler, crawlQueue, [record])).toEqual({ batchItemFailures: [] });
    expect(await deliver(handler, crawlQueue, [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }])).toEqual({
      batchItemFailures: [],
    });

    expect(runs).toHaveLength(1);
    expect(runs[0]).toEqual({ crawlId, source: 'linkedin', searchQuery: 'platform engineer', location: 'Berlin', target: null });
    const row = await crawlRow(crawlId);
    expect(row).toMatchObject({ status: 'completed', jobs_found: 3, attempts: 1, error_message: null, lease_expires_at: null });
    expect(row.started_at).not.toBeNull();
    expect(row.completed_at).not.toBeNull();
  });

  it('keeps jobs_found true while the crawl runs', async () => {
    let midway: CrawlRow | undefined;
    const crawlId = await createCrawl(db);
    const handler = crawlWorker(async (_, sink) => {
      await sink.save([jobInput(), jobInput()]);
      midway = await crawlRow(crawlId);
      return { status: 'completed', pages: 1, jobsSeen: 2 };
    }, { db });
    await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId })]);
    expect(midway).toMatchObject({ status: 'running', jobs_found: 2 });
  });

  it('lets only one of two simultaneous deliveries run the crawl; the other comes back and is acknowledged', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    const handler = crawlWorker(async () => {
      runs++;
      await gate;
      return { status: 'completed', pages: 0, jobsSeen: 0 };
    }, { db });
    const crawlId = await createCrawl(db);
    const first = deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, 1, 'first')]);
    while ((await crawlRow(crawlId)).status !== 'running') await new Promise((r) => setTimeout(r, 10));
    const second = await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, 1, 'second')]);
    // Busy: left for redelivery, not failed.
    expect(failedIds(second)).toEqual(['second']);
    expect((await crawlRow(crawlId)).status).toBe('running');
    release();
    expect(await first).toEqual({ batchItemFailures: [] });
    // Its redelivery finds the crawl finished.
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, 2, 'second')])).toEqual({ batchItemFailures: [] });
    expect(runs).toBe(1);
    expect(await crawlRow(crawlId)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('takes over a crashed run once its lease has run out, and finishes it once', async () => {
    const crawlId = await createCrawl(db);
    // A worker claimed it with a one-second lease and died.
    expect((await claimCrawl(db, crawlId, 1)).kind).toBe('claimed');
    const { crawler, runs } = pagesCrawler();
    const handler = crawlWorker(crawler, { db });

    expect(failedIds(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, 2, 'early')]))).toEqual(['early']);
    expect(runs).toHaveLength(0);

    await new Promise((r) => setTimeout(r, 1_100));
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, 3)])).toEqual({ batchItemFailures: [] });
    expect(runs).toHaveLength(1);
    expect(await crawlRow(crawlId)).toMatchObject({ status: 'completed', attempts: 2, jobs_found: 3 });
  });

  it('reports only the failing record of a batch; the failed crawl goes back to queued with its reason', async () => {
    const good = await createCrawl(db, { query: 'good' });
    const bad = await createCrawl(db, { query: 'explodes' });
    const handler = crawlWorker(async (spec, sink) => {
      if (spec.searchQuery === 'explodes') throw new Error('the browser crashed on page 2');
      await sink.save([jobInput()]);
      return { status: 'completed', pages: 1, jobsSeen: 1 };
    }, { db });
    const response = await deliver(handler, crawlQueue, [
      sqsRecord(crawlQueue, { crawlId: bad }, 1, 'bad'),
      sqsRecord(crawlQueue, 'not even json', 1, 'garbage'),
      sqsRecord(crawlQueue, { crawlId: good }, 1, 'good'),
    ]);
    expect(failedIds(response)).toEqual(['bad', 'garbage']);
    expect(await crawlRow(good)).toMatchObject({ status: 'completed', jobs_found: 1 });
    expect(await crawlRow(bad)).toMatchObject({ status: 'queued', attempts: 1, error_message: 'the browser crashed on page 2', lease_expires_at: null });
  });

  it('records the reason on the crawl on its last receive', async () => {
    const crawlId = await createCrawl(db);
    const handler = crawlWorker(async () => {
      throw new Error('indeed answered 429 Too Many Requests');
    }, { db });
    const last = crawlQueue.maxReceiveCount;
    expect(failedIds(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, last, 'last')]))).toEqual(['last']);
    const row = await crawlRow(crawlId);
    expect(row.status).toBe('failed');
    expect(row.error_message).toBe(`gave up after ${last} attempts: indeed answered 429 Too Many Requests`);
  });

  it('records a crawl the source refused as failed, with the reason, and does not retry it', async () => {
    const crawlId = await createCrawl(db);
    let runs = 0;
    const handler = crawlWorker(async (_, sink) => {
      runs++;
      await sink.save([jobInput()]);
      return { status: 'failed', reason: 'linkedin answered with a login wall on page 2', pages: 1, jobsSeen: 1 };
    }, { db });
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId })])).toEqual({ batchItemFailures: [] });
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId }, 2)])).toEqual({ batchItemFailures: [] });
    expect(runs).toBe(1);
    expect(await crawlRow(crawlId)).toMatchObject({ status: 'failed', jobs_found: 1, error_message: 'linkedin answered with a login wall on page 2' });
  });

  it('fails a crawl whose stored target no crawler knows, without running it or retrying', async () => {
    const crawlId = await createCrawl(db);
    await db.execute(`update crawler_jobs set source = 'custom', target = cast(:target as jsonb) where id = :id`, { id: crawlId, target: '{"kind":"ftp","host":"x"}' });
    let runs = 0;
    const handler = crawlWorker(async () => {
      runs++;
      return { status: 'completed', pages: 0, jobsSeen: 0 };
    }, { db });
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId })])).toEqual({ batchItemFailures: [] });
    expect(runs).toBe(0);
    expect(await crawlRow(crawlId)).toMatchObject({ status: 'failed', error_message: expect.stringContaining('target') });
  });

  it('stops a run whose crawl was taken over meanwhile, leaving the row to the run that holds it', async () => {
    const crawlId = await createCrawl(db);
    let pagesAfterTakeover = 0;
    const handler = crawlWorker(async (_, sink) => {
      await sink.save([jobInput()]);
      // Its lease ran out and another run claimed the crawl (attempt 2).
      await db.execute(`update crawler_jobs set attempts = attempts + 1, lease_expires_at = now() + interval '5 minutes' where id = :id`, { id: crawlId });
      await sink.save([jobInput(), jobInput()]);
      pagesAfterTakeover++;
      return { status: 'completed', pages: 2, jobsSeen: 3 };
    }, { db });
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId })])).toEqual({ batchItemFailures: [] });
    expect(pagesAfterTakeover).toBe(0);
    expect(await crawlRow(crawlId)).toMatchObject({ status: 'running', attempts: 2, jobs_found: 1 });
  });

  it('acknowledges a message naming a crawl that no longer exists', async () => {
    const handler = crawlWorker(async () => {
      throw new Error('must not run');
    }, { db });
    expect(await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId: 987654 })])).toEqual({ batchItemFailures: [] });
  });

  it('gives the crawler a deadline inside the Lambda remaining time', async () => {
    const crawlId = await createCrawl(db);
    let deadline = 0;
    const handler = crawlWorker(async (_, __, options) => {
      deadline = options.deadline;
      return { status: 'completed', pages: 0, jobsSeen: 0 };
    }, { db, deadlineMarginMs: 30_000 });
    const before = Date.now();
    await deliver(handler, crawlQueue, [sqsRecord(crawlQueue, { crawlId })]);
    const budget = crawlQueue.fn.timeoutSeconds * 1000 - 30_000;
    expect(deadline).toBeGreaterThan(before + budget - 5_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + budget);
  });
});
