/** Rows, SQS events and a local queue pair for the worker and sweeper tests. */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from '../../../infra/local/lambda';
import { startLocalSqs, type LocalSqs } from '../../../infra/local/sqs/server';
import type { Db } from '../../../shared/data/types';
import { createSqsClient } from '../../../shared/queue/client';
import type { QueueName } from '../../../shared/queue/messages';
import { createQueueSender, type QueueSender } from '../../../shared/queue/send';
import type { QueueSpec } from '../../../shared/tables/types';

export function sqsRecord(queue: QueueSpec, body: unknown, receiveCount = 1, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queue.name}`,
    awsRegion: 'us-east-1',
  };
}

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Invokes a worker as Lambda would, with a fresh context carrying the function's deadline. */
export function deliver(handler: Handler, queue: QueueSpec, records: SQSRecord[]): Promise<SQSBatchResponse> {
  return handler({ Records: records }, lambdaContext(queue.fn));
}

export const failedIds = (response: SQSBatchResponse) => response.batchItemFailures.map((f) => f.itemIdentifier);

export async function createCrawl(db: Db, fields: { userId?: number | null; query?: string; status?: string } = {}): Promise<number> {
  const row = await db.one<{ id: number }>(
    `insert into crawler_jobs (user_id, search_query, location, source, status)
     values (:user_id, :query, 'Berlin', 'linkedin', cast(:status as crawl_status)) returning id`,
    { user_id: fields.userId ?? null, query: fields.query ?? 'typescript', status: fields.status ?? 'queued' },
  );
  return row.id;
}

export interface LocalQueues {
  sqs: LocalSqs;
  client: SQSClient;
  sender: QueueSender;
  /** A sender whose queues do not exist: every send fails, as when SQS is unreachable. */
  brokenSender: QueueSender;
  /** Messages waiting on a queue, taken off it. */
  drain(queue: QueueName): Promise<unknown[]>;
  stop(): Promise<void>;
}

export async function localQueues(queues: QueueSpec[]): Promise<LocalQueues> {
  const sqs = await startLocalSqs({ queues, log: () => {} });
  const client = createSqsClient({ endpoint: sqs.endpoint, region: sqs.region });
  return {
    sqs,
    client,
    sender: createQueueSender({ client, queueUrl: (name) => sqs.queueUrl(name) }),
    brokenSender: createQueueSender({ client, queueUrl: (name) => sqs.queueUrl(`${name}-missing`) }),
    async drain(queue) {
      const bodies: unknown[] = [];
      for (;;) {
        const out = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(queue), MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
        if (!out.Messages?.length) return bodies;
        bodies.push(...out.Messages.map((m) => JSON.parse(m.Body!)));
      }
    },
    async stop() {
      client.destroy();
      await sqs.stop();
    },
  };
}
