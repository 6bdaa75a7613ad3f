/**
 * The queue table: each queue, its worker and how Lambda feeds it. The CDK app makes the queue, its
 * dead-letter queue and the event source mapping from these rows; the local runtime makes the same
 * queues on its SQS endpoint and runs the same event-source semantics over them.
 */
import type { FunctionSpec, QueueSpec } from './types';

export const crawlWorkerFn: FunctionSpec = {
  id: 'crawl-worker',
  entry: 'functions/workers/crawl.ts',
  // Chromium needs 1,600 MB or more (DESIGN.md); a crawl through 40 result pages can take minutes.
  memoryMb: 2048,
  timeoutSeconds: 300,
  browser: true,
  description: 'Runs one crawl (a crawler_jobs row) through its source and stores the jobs it finds.',
};

export const applyWorkerFn: FunctionSpec = {
  id: 'apply-worker',
  entry: 'functions/workers/apply.ts',
  memoryMb: 2048,
  timeoutSeconds: 180,
  browser: true,
  description: 'Fills and submits one application form (a job_applications row) in the browser.',
  // Every attempt keeps screenshots of what the bot saw and did (shared/applier/attempt-log.ts).
  artifacts: 'read-write',
  // The resume a profile kept goes into the form's resume slot (shared/applier/documents.ts).
  uploads: 'read',
};

export const crawlQueue: QueueSpec = {
  name: 'crawl',
  fn: crawlWorkerFn,
  // One crawl per invocation: a crawl can use most of the function's timeout on its own.
  batchSize: 1,
  maxBatchingWindowSeconds: 0,
  visibilityTimeoutSeconds: 6 * crawlWorkerFn.timeoutSeconds,
  maxReceiveCount: 4,
  // Job boards answer bursts with 429s and captchas: a few crawls at a time.
  maxConcurrency: 4,
  retentionDays: 4,
};

export const applyQueue: QueueSpec = {
  name: 'apply',
  fn: applyWorkerFn,
  // A warm browser fills a form in seconds; three per invocation stays far inside 180 s.
  batchSize: 3,
  maxBatchingWindowSeconds: 5,
  visibilityTimeoutSeconds: 6 * applyWorkerFn.timeoutSeconds,
  maxReceiveCount: 3,
  maxConcurrency: 2,
  retentionDays: 4,
};

export const queues: QueueSpec[] = [crawlQueue, applyQueue];

/** The dead-letter queue's name for a queue. */
export const deadLetterQueueName = (queue: Pick<QueueSpec, 'name'>): string => `${queue.name}-dlq`;

/** A dead-letter queue keeps its messages for the longest SQS allows, so an operator can inspect them. */
export const DEAD_LETTER_RETENTION_DAYS = 14;
