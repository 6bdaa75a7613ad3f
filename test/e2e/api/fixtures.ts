/** Jobs and queue reads for the e2e tests, through the same store and SDK paths the platform uses. */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Db } from '../../../shared/data/types';
import type { JobInput } from '../../../shared/jobs/input';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { createSqsClient } from '../../../shared/queue/client';
import { jobInput } from '../../integration/schema/helpers';
import type { TestRuntime } from '../../support/runtime';

/** A job as a crawl would deliver it (the schema tests' jobInput), posted on 1 November 2026. */
export const job = (overrides: Partial<JobInput> = {}): JobInput => jobInput({ postedDate: new Date('2026-11-01T09:00:00Z'), ...overrides });

/** Stores the jobs (one statement each, so each is newer than the one before) and returns their ids. */
export async function storeJobs(db: Db, jobs: JobInput[]): Promise<number[]> {
  const ids: number[] = [];
  for (const j of jobs) ids.push(...(await upsertJobs(db, [j])).ids);
  return ids;
}

/** Every message waiting on a queue, deleted as read. */
export async function drainQueue(runtime: TestRuntime, queue: 'apply' | 'crawl'): Promise<unknown[]> {
  const client = createSqsClient({ endpoint: runtime.sqs.endpoint });
  const url = runtime.env[`${queue.toUpperCase()}_QUEUE_URL`]!;
  const bodies: unknown[] = [];
  for (;;) {
    const out = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!out.Messages?.length) return bodies;
    for (const m of out.Messages) {
      bodies.push(JSON.parse(m.Body!));
      await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}
