/**
 * Lambda's SQS event source, locally: batches, redelivery after the visibility timeout with
 * ApproximateReceiveCount, the move to the dead-letter queue at maxReceiveCount, partial batch
 * responses, and a malformed response failing the whole batch.
 *
 * Each test waits on what the event source does (its batch reports) and on what the queue holds, never
 * on a length of time: on a loaded machine a redelivery may take longer than the visibility timeout.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEventSources, type BatchReport, type EventSources } from '../../../infra/local/sqs/event-source';
import { startLocalSqs, type LocalSqs } from '../../../infra/local/sqs/server';
import { createSqsClient } from '../../../shared/queue/client';
import type { QueueSpec } from '../../../shared/tables/types';

let sqs: LocalSqs;
let client: SQSClient;
let sources: EventSources | undefined;
let count = 0;

beforeAll(async () => {
  sqs = await startLocalSqs({ log: () => {} });
  client = createSqsClient({ endpoint: sqs.endpoint, region: sqs.region });
});

afterEach(async () => {
  await sources?.stop();
  sources = undefined;
});

afterAll(async () => {
  client?.destroy();
  await sqs?.stop();
});

/** A fresh queue with a 1 s visibility timeout and its dead-letter queue, as the CDK app would make them. */
async function queue(options: Partial<QueueSpec> = {}): Promise<QueueSpec> {
  const name = `events-${++count}`;
  await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const spec: QueueSpec = {
    name,
    fn: { id: `${name}-worker`, entry: 'unused.ts', memoryMb: 128, timeoutSeconds: 5, description: 'test' },
    batchSize: 3,
    // No batching window by default: a window as long as the 1 s visibility would let records time out while the batch gathers.
    maxBatchingWindowSeconds: 0,
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 2,
    maxConcurrency: 2,
    retentionDays: 1,
    ...options,
  };
  await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.queueArn(`${name}-dlq`), maxReceiveCount: spec.maxReceiveCount }),
      },
    }),
  );
  return spec;
}

async function send(spec: QueueSpec, bodies: string[]): Promise<void> {
  await client.send(new SendMessageBatchCommand({ QueueUrl: sqs.queueUrl(spec.name), Entries: bodies.map((MessageBody, i) => ({ Id: `m${i}`, MessageBody })) }));
}

interface Run {
  reports: BatchReport[];
  /** Every record handed to the handler, in order. */
  seen: SQSRecord[];
  batches: SQSRecord[][];
  /** Resolves once a batch report leaves `condition` true (at once if it already is). */
  after(condition: () => boolean): Promise<void>;
}

async function run(spec: QueueSpec, handler: (event: SQSEvent) => unknown): Promise<Run> {
  const waiting: { condition: () => boolean; resolve: () => void }[] = [];
  const state: Run = {
    reports: [],
    seen: [],
    batches: [],
    after: (condition) => (condition() ? Promise.resolve() : new Promise((resolve) => waiting.push({ condition, resolve }))),
  };
  sources = await startEventSources({
    sqs,
    queues: [spec],
    loadHandler: async () => async (event: SQSEvent) => {
      state.batches.push(event.Records);
      state.seen.push(...event.Records);
      return handler(event);
    },
    log: () => {},
    onBatch: (report) => {
      state.reports.push(report);
      for (const waiter of waiting.splice(0)) {
        if (waiter.condition()) waiter.resolve();
        else waiting.push(waiter);
      }
    },
  });
  return state;
}

/** Messages the queue still holds, visible or in flight: none means every one was deleted and none can come back. */
async function held(spec: QueueSpec): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl(spec.name), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
}

async function deadLetters(spec: QueueSpec) {
  const out = await client.send(
    new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(`${spec.name}-dlq`), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
  );
  return out.Messages ?? [];
}

const bodiesOf = (records: SQSRecord[]) => records.map((r) => r.body).sort();

describe('the local SQS event source', () => {
  it('hands the handler a batch of up to batchSize records, as Lambda shapes them, and deletes them on success', async () => {
    const spec = await queue({ maxBatchingWindowSeconds: 1, visibilityTimeoutSeconds: 10 });
    await send(spec, ['a', 'b', 'c', 'd']);
    const state = await run(spec, () => ({ batchItemFailures: [] }));
    await state.after(() => state.reports.length >= 2);
    expect(state.batches.map((b) => b.length).sort()).toEqual([1, 3]);
    expect(bodiesOf(state.seen)).toEqual(['a', 'b', 'c', 'd']);
    const record = state.seen[0]!;
    expect(record).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: sqs.queueArn(spec.name), awsRegion: sqs.region });
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
    expect(record.receiptHandle).toBeTruthy();
    // Deleted: nothing is left to come back after the visibility timeout.
    expect(await held(spec)).toBe(0);
    expect(state.seen).toHaveLength(4);
  });

  it('redelivers only the records a partial batch response names, with a higher receive count', async () => {
    const spec = await queue();
    await send(spec, ['good-1', 'bad', 'good-2']);
    const state = await run(spec, (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === 'bad' && r.attributes.ApproximateReceiveCount === '1').map((r) => ({ itemIdentifier: r.messageId })),
    }));
    await state.after(() => state.seen.length >= 4 && state.reports.length >= 2);
    const bad = state.seen.filter((r) => r.body === 'bad');
    expect(bad.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(state.seen.filter((r) => r.body.startsWith('good'))).toHaveLength(2);
    expect(await held(spec)).toBe(0);
    expect(state.seen).toHaveLength(4);
  });

  it('moves a record that keeps failing to the dead-letter queue after maxReceiveCount receives', async () => {
    const spec = await queue({ batchSize: 1, maxBatchingWindowSeconds: 0 });
    await send(spec, ['poison']);
    const state = await run(spec, (event) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) }));
    await state.after(() => state.seen.length >= 2);
    const [dead] = await (async () => {
      for (;;) {
        const found = await deadLetters(spec);
        if (found.length) return found;
      }
    })();
    expect(dead?.Body).toBe('poison');
    expect(dead?.Attributes?.DeadLetterQueueSourceArn).toBe(sqs.queueArn(spec.name));
    expect(state.seen.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it.each([
    ['a string', () => 'ok'],
    ['a failure without itemIdentifier', () => ({ batchItemFailures: [{}] })],
    ['an itemIdentifier not in the batch', () => ({ batchItemFailures: [{ itemIdentifier: 'someone-else' }] })],
    ['batchItemFailures that is not a list', () => ({ batchItemFailures: 'all' })],
    ['a thrown error', () => {
      throw new Error('boom');
    }],
  ])('fails the whole batch on %s', async (_, answer) => {
    const spec = await queue();
    await send(spec, ['x', 'y']);
    let calls = 0;
    const state = await run(spec, (event) => (++calls === 1 ? answer() : { batchItemFailures: [] }));
    await state.after(() => state.reports.length >= 2 && state.seen.length >= 4);
    expect(state.reports[0]).toMatchObject({ error: expect.any(String) });
    expect(state.reports[0]!.failedIds.sort()).toEqual(state.reports[0]!.messageIds.sort());
    // Both came back, counted as received twice.
    expect(state.seen.filter((r) => r.attributes.ApproximateReceiveCount === '2')).toHaveLength(2);
  });

  it('treats an empty answer as success for every record', async () => {
    const spec = await queue();
    await send(spec, ['quiet']);
    const state = await run(spec, () => undefined);
    await state.after(() => state.reports.length >= 1);
    expect(state.reports[0]).toMatchObject({ failedIds: [] });
    expect(await held(spec)).toBe(0);
    expect(state.seen).toHaveLength(1);
  });
});
