/**
 * The crawl worker on the local runtime's queue: messages go through the local SQS endpoint and
 * Lambda's event source to the worker. A poison message reaches the dead-letter queue with its reason
 * on its row while the rest are unharmed; messages sent before a restart are delivered after it.
 * The tests wait on the event source's batch reports, not on a length of time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventSources } from '../../../infra/local/sqs/event-source';
import { startLocalSqs, type LocalSqs } from '../../../infra/local/sqs/server';
import type { Crawler } from '../../../shared/crawler/port';
import { enqueueCrawls } from '../../../shared/crawls/lifecycle';
import { crawlWorker } from '../../../shared/crawls/worker';
import type { Db } from '../../../shared/data/types';
import { createSqsClient } from '../../../shared/queue/client';
import { createQueueSender } from '../../../shared/queue/send';
import { crawlQueue } from '../../../shared/tables/queues';
import type { QueueSpec } from '../../../shared/tables/types';
import { freshDatabase } from '../../support/db';
import { jobInput } from '../schema/helpers';
import { createCrawl } from './helpers';

// The crawl queue as the table has it, with a one-second visibility timeout so redeliveries come fast.
const queue: QueueSpec = { ...crawlQueue, visibilityTimeoutSeconds: 1, maxConcurrency: 2 };

let db: Db;
let dataDir: string;
beforeAll(async () => {
  ({ db } = await freshDatabase());
  dataDir = await mkdtemp(join(tmpdir(), 'crawl-pipeline-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const crawler: Crawler = async (spec, sink) => {
  if (spec.searchQuery === 'poison') throw new Error('the results page never loaded');
  await sink.save([jobInput(), jobInput()]);
  return { status: 'completed', pages: 1, jobsSeen: 2 };
};

/** The worker on the queue, and `after(condition)`: resolves once the condition holds, checked now and after each batch the worker settles. */
async function running(sqs: LocalSqs) {
  let settled = () => {};
  const nextBatch = () => new Promise<void>((resolve) => (settled = resolve));
  let batch = nextBatch();
  const sources = await startEventSources({
    sqs,
    queues: [queue],
    loadHandler: async () => crawlWorker(crawler, { db }),
    log: () => {},
    onBatch: () => {
      const done = settled;
      batch = nextBatch();
      done();
    },
  });
  const after = async (condition: () => Promise<boolean>): Promise<void> => {
    for (;;) {
      const next = batch;
      if (await condition()) return;
      await next;
    }
  };
  return { stop: () => sources.stop(), after };
}

const status = (id: number) => db.one<{ status: string; error_message: string | null; jobs_found: number }>(
  `select status::text as status, error_message, jobs_found from crawler_jobs where id = :id`,
  { id },
);

describe('crawls through the local queue', () => {
  it('sends a poison message to the dead-letter queue with its reason on the row; the others complete', async () => {
    const sqs = await startLocalSqs({ dataDir, queues: [queue], log: () => {} });
    const client = createSqsClient({ endpoint: sqs.endpoint, region: sqs.region });
    const sender = createQueueSender({ client, queueUrl: sqs.queueUrl });
    const sources = await running(sqs);
    try {
      const good = [await createCrawl(db, { query: 'good one' }), await createCrawl(db, { query: 'good two' })];
      const poison = await createCrawl(db, { query: 'poison' });
      expect((await enqueueCrawls(db, sender, [good[0]!, poison, good[1]!])).failed).toEqual([]);

      await sources.after(async () => (await status(poison)).status === 'failed');
      expect(await status(poison)).toMatchObject({
        error_message: `gave up after ${queue.maxReceiveCount} attempts: the results page never loaded`,
      });
      for (const id of good) expect(await status(id)).toMatchObject({ status: 'completed', jobs_found: 2, error_message: null });

      // The move happens on the receive after the last failure: a long poll of the dead-letter queue answers when it arrives.
      let dead: unknown[] = [];
      while (!dead.length) {
        const out = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl('crawl-dlq'), WaitTimeSeconds: 5 }));
        dead = (out.Messages ?? []).map((m) => JSON.parse(m.Body!));
      }
      expect(dead).toEqual([{ crawlId: poison }]);
    } finally {
      await sources.stop();
      client.destroy();
      await sqs.stop();
    }
  });

  it('delivers messages sent before a restart after it', async () => {
    const ids = [await createCrawl(db), await createCrawl(db)];
    const before = await startLocalSqs({ dataDir, queues: [queue], log: () => {} });
    const client = createSqsClient({ endpoint: before.endpoint, region: before.region });
    expect((await enqueueCrawls(db, createQueueSender({ client, queueUrl: before.queueUrl }), ids)).sent).toEqual(ids);
    client.destroy();
    await before.stop();

    const after = await startLocalSqs({ dataDir, queues: [queue], log: () => {} });
    const sources = await running(after);
    try {
      await sources.after(async () => (await Promise.all(ids.map(status))).every((row) => row.status === 'completed'));
    } finally {
      await sources.stop();
      await after.stop();
    }
  });
});
