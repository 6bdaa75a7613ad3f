/**
 * The work queues from the queue table (shared/tables/queues.ts): each queue with its dead-letter
 * queue, and the worker that drains it through an event-source mapping.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION_DAYS, deadLetterQueueName } from '../../../shared/tables/queues';
import type { QueueSpec } from '../../../shared/tables/types';
import { type AppFunction, type AppFunctions, pascal } from './functions';

export interface PlatformQueue {
  spec: QueueSpec;
  queue: Queue;
  deadLetterQueue: Queue;
  /** The variable a sender reads the URL from (shared/config.ts: config.queueUrl). */
  urlVariable: string;
}

/** 'crawl' -> 'CRAWL_QUEUE_URL' */
export function queueUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_QUEUE_URL`;
}

/** Refuses a queue table that would redeliver messages still being worked on, or starve a worker. */
export function checkQueueSpec(spec: QueueSpec): void {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) problems.push('its name must be kebab-case');
  if (spec.visibilityTimeoutSeconds < 6 * spec.fn.timeoutSeconds) {
    problems.push(
      `visibility timeout ${spec.visibilityTimeoutSeconds}s is under six times the handler's ${spec.fn.timeoutSeconds}s timeout`,
    );
  }
  if (spec.maxConcurrency < 2 || spec.maxConcurrency > 1000) problems.push('maxConcurrency must be between 2 and 1000');
  if (spec.maxReceiveCount < 1) problems.push('maxReceiveCount must be at least 1');
  if (spec.batchSize < 1 || spec.batchSize > (spec.maxBatchingWindowSeconds > 0 ? 10_000 : 10)) {
    problems.push('batchSize must be 1-10, or up to 10,000 with a batching window');
  }
  if (spec.retentionDays < 1 || spec.retentionDays > 14) problems.push('retentionDays must be 1-14');
  if (problems.length) throw new Error(`Queue "${spec.name}": ${problems.join('; ')}`);
}

export interface QueuesConstructProps {
  queues: QueueSpec[];
}

export class QueuesConstruct extends Construct {
  readonly queues: PlatformQueue[];

  constructor(scope: Construct, id: string, props: QueuesConstructProps) {
    super(scope, id);
    const prefix = Stack.of(this).stackName;
    const names = new Set<string>();
    this.queues = props.queues.map((spec) => {
      checkQueueSpec(spec);
      if (names.has(spec.name)) throw new Error(`Queue "${spec.name}" appears twice in the queue table`);
      names.add(spec.name);

      const deadLetterQueue = new Queue(this, `${pascal(spec.name)}DeadLetterQueue`, {
        queueName: `${prefix}-${deadLetterQueueName(spec)}`,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      });
      const queue = new Queue(this, `${pascal(spec.name)}Queue`, {
        queueName: `${prefix}-${spec.name}`,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(spec.retentionDays),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
      });
      return { spec, queue, deadLetterQueue, urlVariable: queueUrlVariable(spec.name) };
    });
  }

  /** SendMessage on every queue, with the URL variables a sender reads. */
  grantSendToAll(target: AppFunction): void {
    for (const q of this.queues) this.grantSend(q, target);
  }

  grantSend(q: PlatformQueue, target: AppFunction): void {
    q.queue.grantSendMessages(target.role);
    target.fn.addEnvironment(q.urlVariable, q.queue.queueUrl);
  }

  get(name: string): PlatformQueue {
    const found = this.queues.find((q) => q.spec.name === name);
    if (!found) throw new Error(`No queue named "${name}"`);
    return found;
  }
}

export interface WorkersConstructProps {
  queues: QueuesConstruct;
  functions: AppFunctions;
}

/**
 * One worker per queue, fed by an event-source mapping with the table's batch settings. Failed
 * messages are reported one by one (ReportBatchItemFailures), so one bad message does not send a
 * whole batch back; after maxReceiveCount receives SQS moves it to the dead-letter queue.
 */
export class WorkersConstruct extends Construct {
  readonly workers: { queue: PlatformQueue; worker: AppFunction }[];

  constructor(scope: Construct, id: string, props: WorkersConstructProps) {
    super(scope, id);
    this.workers = props.queues.queues.map((queue) => {
      const worker = props.functions.ensure(queue.spec.fn);
      worker.fn.addEventSource(
        new SqsEventSource(queue.queue, {
          batchSize: queue.spec.batchSize,
          maxBatchingWindow:
            queue.spec.maxBatchingWindowSeconds > 0 ? Duration.seconds(queue.spec.maxBatchingWindowSeconds) : undefined,
          maxConcurrency: queue.spec.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
      return { queue, worker };
    });
  }
}
