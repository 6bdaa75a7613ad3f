/**
 * The local SQS endpoint driven by the real @aws-sdk/client-sqs: the actions the workers and the
 * event source use, their error shapes, and messages surviving a restart.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSqs, type LocalSqs } from '../../../infra/local/sqs/server';
import { createSqsClient } from '../../../shared/queue/client';
import type { QueueSpec } from '../../../shared/tables/types';

const spec: QueueSpec = {
  name: 'jobs',
  fn: { id: 'jobs-worker', entry: 'unused.ts', memoryMb: 128, timeoutSeconds: 1, description: 'test' },
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  visibilityTimeoutSeconds: 1,
  maxReceiveCount: 2,
  maxConcurrency: 2,
  retentionDays: 1,
};

let dataDir: string;
let sqs: LocalSqs;
let client: SQSClient;
let url: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sqs-endpoint-'));
  sqs = await startLocalSqs({ dataDir, queues: [spec], log: () => {} });
  client = createSqsClient({ endpoint: sqs.endpoint, region: sqs.region });
  url = sqs.queueUrl('jobs');
});

afterAll(async () => {
  client?.destroy();
  await sqs?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

let queueCount = 0;
let queueName = '';

// Each test gets its own queue (and dead-letter queue), made as a deploy would: short visibility, two receives.
beforeEach(async () => {
  queueName = `test-${++queueCount}`;
  const dlq = await client.send(new CreateQueueCommand({ QueueName: `${queueName}-dlq` }));
  const out = await client.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.queueArn(`${queueName}-dlq`), maxReceiveCount: 2 }),
      },
    }),
  );
  expect(dlq.QueueUrl).toBe(sqs.queueUrl(`${queueName}-dlq`));
  url = out.QueueUrl!;
});

async function receive(options: { max?: number; wait?: number; visibility?: number } = {}) {
  const out = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: options.max ?? 10,
      WaitTimeSeconds: options.wait ?? 0,
      VisibilityTimeout: options.visibility,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error: any) {
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
  }
  throw new Error('expected the request to fail');
}

describe('the local SQS endpoint', () => {
  it('makes the queue table\'s queues on start, finds queues by name and describes them', async () => {
    url = sqs.queueUrl('jobs');
    const out = await client.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
    expect(out.QueueUrl).toBe(url);
    const dlq = await client.send(new GetQueueUrlCommand({ QueueName: 'jobs-dlq' }));
    expect(dlq.QueueUrl).toBe(sqs.queueUrl('jobs-dlq'));

    const attrs = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(attrs.Attributes?.VisibilityTimeout).toBe('1');
    expect(JSON.parse(attrs.Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: sqs.queueArn('jobs-dlq'), maxReceiveCount: 2 });
    expect(attrs.Attributes?.QueueArn).toBe(sqs.queueArn('jobs'));
  });

  it('sends, receives and deletes one message, with its MD5 and receive count', async () => {
    const sent = await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"crawlId":1}' }));
    expect(sent.MessageId).toMatch(/[0-9a-f-]{36}/);
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('{"crawlId":1}').digest('hex'));

    const [message] = await receive();
    expect(message?.Body).toBe('{"crawlId":1}');
    expect(message?.MessageId).toBe(sent.MessageId);
    expect(message?.Attributes?.ApproximateReceiveCount).toBe('1');

    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle! }));
    const counts = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('sends in batches, reporting a bad entry without failing the good ones', async () => {
    const out = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 901 },
          { Id: 'c', MessageBody: 'three' },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id).sort()).toEqual(['a', 'c']);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'b', SenderFault: true, Code: 'InvalidParameterValue' })]);
    const bodies = (await receive()).map((m) => m.Body).sort();
    expect(bodies).toEqual(['one', 'three']);
  });

  it('hides a received message for its visibility timeout, then hands it out again with a higher receive count', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    expect((await receive())[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(await receive()).toEqual([]);
    // Long polling wakes up when the message becomes visible again (1 s), well before the 5 s wait.
    const started = Date.now();
    const [again] = await receive({ wait: 5 });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(again?.Body).toBe('again');
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('long polling answers as soon as a message is sent, and empty at WaitTimeSeconds', async () => {
    const started = Date.now();
    const polling = receive({ wait: 10 });
    setTimeout(() => void client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' })), 300);
    const [message] = await polling;
    expect(message?.Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(5_000);
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message!.ReceiptHandle! }));

    const emptyStarted = Date.now();
    expect(await receive({ wait: 1 })).toEqual([]);
    expect(Date.now() - emptyStarted).toBeGreaterThanOrEqual(900);
  });

  it('changes a message visibility: 0 makes it visible now', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'change me' }));
    const [first] = await receive({ visibility: 600 });
    expect(await receive()).toEqual([]);
    await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const [again] = await receive();
    expect(again?.Body).toBe('change me');
  });

  it('deletes in batches, reporting an unknown receipt handle per entry', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    const [message] = await receive();
    const out = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: message!.ReceiptHandle! },
          { Id: 'bad', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id)).toEqual(['ok']);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
  });

  it('moves a message past maxReceiveCount to the dead-letter queue, naming where it came from', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    expect((await receive({ visibility: 0 }))[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await receive({ visibility: 0 }))[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    // The third receive finds it gone to the dead-letter queue.
    expect(await receive()).toEqual([]);
    const dlq = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl(`${queueName}-dlq`), MessageSystemAttributeNames: ['All'] }));
    expect(dlq.Messages?.[0]?.Body).toBe('poison');
    expect(dlq.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(sqs.queueArn(queueName));
    await client.send(new DeleteMessageCommand({ QueueUrl: sqs.queueUrl(`${queueName}-dlq`), ReceiptHandle: dlq.Messages![0]!.ReceiptHandle! }));
  });

  it('answers with the service error shapes', async () => {
    expect(await failure(client.send(new GetQueueUrlCommand({ QueueName: 'nope' })))).toMatchObject({ name: 'QueueDoesNotExist', status: 400 });
    expect(await failure(client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl('nope'), MessageBody: 'x' })))).toMatchObject({
      name: 'QueueDoesNotExist',
    });
    expect(await failure(client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    expect(await failure(client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })))).toMatchObject({ status: 400 });
    expect(await failure(client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })))).toMatchObject({
      name: 'ReceiptHandleIsInvalid',
    });
    expect(await failure(client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })))).toMatchObject({ name: 'EmptyBatchRequest' });
    expect(await failure(client.send(new CreateQueueCommand({ QueueName: 'orders.fifo' })))).toMatchObject({ name: 'UnsupportedOperation' });
  });

  it('answers an unknown action and a malformed body as the service does', async () => {
    const post = (target: string | undefined, body: string) =>
      fetch(sqs.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}) },
        body,
      });
    const unknown = await post('AmazonSQS.FlyToTheMoon', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-query-error')).toBe('InvalidAction;Sender');
    expect(await unknown.json()).toMatchObject({ __type: 'com.amazonaws.sqs#InvalidAction' });

    const notJson = await post('AmazonSQS.SendMessage', '{not json');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).__type).toBe('com.amazonaws.sqs#SerializationException');

    const missing = await post(undefined, '{}');
    expect(missing.status).toBe(400);
    expect((await missing.json()).__type).toBe('com.amazonaws.sqs#MissingAction');
  });

  it('keeps messages, and in-flight state, across a restart', async () => {
    url = sqs.queueUrl('jobs');
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept 1' }));
    await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'k2', MessageBody: 'kept 2' }] }));
    const [inFlight] = await receive({ max: 1, visibility: 2 });
    expect(inFlight).toBeDefined();

    client.destroy();
    await sqs.stop();
    sqs = await startLocalSqs({ dataDir, queues: [spec], log: () => {} });
    client = createSqsClient({ endpoint: sqs.endpoint, region: sqs.region });
    url = sqs.queueUrl('jobs');

    // The message received before the restart is still invisible; the other is there.
    const visibleNow = await receive();
    expect(visibleNow.map((m) => m.Body)).toEqual(['kept 1', 'kept 2'].filter((b) => b !== inFlight!.Body));
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: visibleNow[0]!.ReceiptHandle! }));
    const [returned] = await receive({ wait: 5 });
    expect(returned?.Body).toBe(inFlight!.Body);
    expect(returned?.Attributes?.ApproximateReceiveCount).toBe('2');
  });
});
