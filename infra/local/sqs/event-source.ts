/**
 * Lambda's SQS event source, locally: per queue, pollers long-poll the queue, gather a batch (batch
 * size and batching window from the queue table), invoke the queue's handler with an SQS event, delete
 * the records that succeeded and leave the failed ones to come back after their visibility timeout
 * (where the endpoint counts the receive, and moves the message to the dead-letter queue once it is
 * past maxReceiveCount). At most `maxConcurrency` invocations per queue run at once.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createSqsClient } from '../../../shared/queue/client';
import type { FunctionSpec, QueueSpec } from '../../../shared/tables/types';
import { lambdaContext } from '../lambda-context';
import { interpretBatchResponse, type BatchOutcome } from './batch-response';

export type SqsHandler = (event: SQSEvent, context: Context) => unknown;

export interface SqsTarget {
  endpoint: string;
  region: string;
  queueUrl(name: string): string;
  queueArn(name: string): string;
}

export interface BatchReport {
  queue: string;
  awsRequestId: string;
  messageIds: string[];
  /** Messages left for redelivery: the reported failures, or the whole batch when it failed. */
  failedIds: string[];
  /** Set when the whole batch failed: the handler threw, timed out or answered malformed. */
  error?: string;
}

export interface EventSourceOptions {
  sqs: SqsTarget;
  queues: QueueSpec[];
  /** How a queue's function is loaded (once, then kept warm). Default: import `fn.entry` from the repo root and take `handler`. */
  loadHandler?: (fn: FunctionSpec) => Promise<SqsHandler>;
  /** An upper bound on every queue's maxConcurrency, for a small machine. */
  concurrencyCap?: number;
  log?: (entry: Record<string, unknown>) => void;
  /** Called after each invocation's records are settled (deleted or left). */
  onBatch?: (report: BatchReport) => void;
}

export interface EventSources {
  /** Stops polling, waits (bounded) for running invocations, and closes the client. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** SQS hands out at most ten messages per receive. */
const RECEIVE_LIMIT = 10;
const LONG_POLL_SECONDS = 20;
const STOP_DRAIN_MS = 10_000;

export async function defaultLoadHandler(fn: FunctionSpec): Promise<SqsHandler> {
  const module = (await import(pathToFileURL(resolve(REPO_ROOT, fn.entry)).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${fn.entry} does not export a handler function`);
  return module.handler as SqsHandler;
}

export async function startEventSources(options: EventSourceOptions): Promise<EventSources> {
  const client = createSqsClient({ endpoint: options.sqs.endpoint, region: options.sqs.region });
  const log = options.log ?? ((entry) => process.stdout.write(JSON.stringify({ service: 'local-event-source', ...entry }) + '\n'));
  const pollers = options.queues.map((spec) => new QueuePoller(spec, client, options, log));
  for (const poller of pollers) poller.start();
  return {
    async stop() {
      await Promise.all(pollers.map((p) => p.stop()));
      client.destroy();
    },
  };
}

class QueuePoller {
  private running = false;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private slotFreed: (() => void) | undefined;
  private handler: Promise<SqsHandler> | undefined;
  private loop: Promise<void> = Promise.resolve();
  private readonly url: string;
  private readonly arn: string;
  private readonly concurrency: number;

  constructor(
    private readonly spec: QueueSpec,
    private readonly client: SQSClient,
    private readonly options: EventSourceOptions,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {
    this.url = options.sqs.queueUrl(spec.name);
    this.arn = options.sqs.queueArn(spec.name);
    this.concurrency = Math.max(1, Math.min(spec.maxConcurrency, options.concurrencyCap ?? Infinity));
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.slotFreed?.();
    await this.loop;
    const drained = Promise.all(this.inFlight);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      drained.then(() => 'drained' as const),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), STOP_DRAIN_MS))),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.log({ level: 'WARN', message: 'stopped with invocations still running; their messages return after the visibility timeout', queue: this.spec.name });
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.inFlight.size >= this.concurrency) {
        await new Promise<void>((r) => (this.slotFreed = r));
        continue;
      }
      let batch: Message[];
      try {
        batch = await this.gather();
      } catch (error) {
        if (!this.running) break;
        this.log({ level: 'ERROR', message: 'receive failed; retrying', queue: this.spec.name, error: (error as Error).message });
        await sleep(1_000, this.stopping.signal);
        continue;
      }
      if (batch.length === 0) continue;
      const invocation = this.invoke(batch).finally(() => {
        this.inFlight.delete(invocation);
        this.slotFreed?.();
      });
      this.inFlight.add(invocation);
    }
  }

  /** One batch: the first messages a long poll brings, topped up until the batch is full or the batching window closes. */
  private async gather(): Promise<Message[]> {
    const batch = await this.receive(Math.min(RECEIVE_LIMIT, this.spec.batchSize), LONG_POLL_SECONDS, this.stopping.signal);
    const windowMs = this.spec.maxBatchingWindowSeconds * 1000;
    if (batch.length === 0 || windowMs === 0) return batch;
    const closes = Date.now() + windowMs;
    while (this.running && batch.length < this.spec.batchSize && Date.now() < closes) {
      const remaining = closes - Date.now();
      const window = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(remaining)]);
      batch.push(...(await this.receive(Math.min(RECEIVE_LIMIT, this.spec.batchSize - batch.length), Math.ceil(remaining / 1000), window)));
    }
    return batch;
  }

  private async receive(max: number, waitSeconds: number, signal: AbortSignal): Promise<Message[]> {
    try {
      const out = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.url,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: Math.min(LONG_POLL_SECONDS, waitSeconds),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      return out.Messages ?? [];
    } catch (error) {
      // An aborted long poll (window closed, or stopping) took nothing from the queue.
      if (signal.aborted) return [];
      throw error;
    }
  }

  private async invoke(messages: Message[]): Promise<void> {
    const records = messages.map((m) => this.toRecord(m));
    const messageIds = records.map((r) => r.messageId);
    const context = lambdaContext(this.spec.fn, this.options.sqs.region);
    let outcome: BatchOutcome;
    try {
      this.handler ??= (this.options.loadHandler ?? defaultLoadHandler)(this.spec.fn);
      const handler = await this.handler;
      const answer = await withTimeout(Promise.resolve(handler({ Records: records }, context)), this.spec.fn.timeoutSeconds * 1000);
      outcome = interpretBatchResponse(messageIds, answer);
    } catch (error) {
      outcome = { ok: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    const failed = new Set(outcome.ok ? outcome.failedIds : messageIds);
    const succeeded = records.filter((r) => !failed.has(r.messageId));
    await this.deleteRecords(succeeded);
    const report: BatchReport = { queue: this.spec.name, awsRequestId: context.awsRequestId, messageIds, failedIds: [...failed] };
    if (!outcome.ok) report.error = outcome.reason;
    this.log({
      level: outcome.ok && failed.size === 0 ? 'INFO' : 'WARN',
      message: outcome.ok ? 'batch settled' : 'batch failed as a whole',
      queue: this.spec.name,
      awsRequestId: context.awsRequestId,
      messageIds,
      failedIds: report.failedIds,
      ...(outcome.ok ? {} : { error: outcome.reason }),
    });
    this.options.onBatch?.(report);
  }

  private async deleteRecords(records: SQSRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += RECEIVE_LIMIT) {
      const chunk = records.slice(start, start + RECEIVE_LIMIT);
      try {
        const out = await this.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.url,
            Entries: chunk.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
        for (const failure of out.Failed ?? []) {
          this.log({ level: 'ERROR', message: 'delete failed; the message will be delivered again', queue: this.spec.name, messageId: chunk[Number(failure.Id)]?.messageId, error: failure.Message });
        }
      } catch (error) {
        this.log({ level: 'ERROR', message: 'delete failed; the messages will be delivered again', queue: this.spec.name, messageIds: chunk.map((r) => r.messageId), error: (error as Error).message });
      }
    }
  }

  private toRecord(m: Message): SQSRecord {
    const a = m.Attributes ?? {};
    const messageAttributes: SQSRecord['messageAttributes'] = {};
    for (const [name, value] of Object.entries(m.MessageAttributes ?? {})) {
      messageAttributes[name] = {
        dataType: value.DataType ?? 'String',
        stringListValues: [],
        binaryListValues: [],
        ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      };
    }
    return {
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? '',
        SenderId: a.SenderId ?? '',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? '',
        ...(a.AWSTraceHeader ? { AWSTraceHeader: a.AWSTraceHeader } : {}),
        ...(a.DeadLetterQueueSourceArn ? { DeadLetterQueueSourceArn: a.DeadLetterQueueSourceArn } : {}),
      },
      messageAttributes,
      md5OfBody: m.MD5OfBody ?? '',
      ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: this.options.sqs.region,
    };
  }
}

class InvocationTimeout extends Error {
  constructor(ms: number) {
    super(`the handler did not finish within its ${ms / 1000} s timeout`);
    this.name = 'Task timed out';
  }
}

/** Lambda ends an invocation at its timeout; locally the handler cannot be killed, but its batch fails as it would. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new InvocationTimeout(ms)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

