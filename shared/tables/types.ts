/**
 * The shapes of the three tables that both the CDK app (infra/cdk) and the local runtime
 * (infra/local) read: functions, routes, queues and schedules are declared once, here.
 */
import type { ZodType } from 'zod';
import type { QueueName } from '../queue/messages';

/**
 * A Lambda function: its entry file (from the repo root), how it runs, and what it touches beyond
 * what its place in the tables already says. Every function gets the Data API; a function behind an
 * `auth: true` route gets the token-signing secret; a queue's worker consumes that queue. The
 * optional fields below are the rest, and the CDK stack grants exactly them.
 */
export interface FunctionSpec {
  /** Stable id, used for the Lambda's logical id and in logs: 'accounts', 'crawl-worker'. */
  id: string;
  /** Entry file relative to the repo root, exporting `handler`. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Runs Chromium: @sparticuz/chromium ships beside the bundle, and it needs 1,600 MB or more. */
  browser?: boolean;
  description: string;
  /** Queues it sends messages to: SendMessage on each, and its URL in `<NAME>_QUEUE_URL`. */
  sendsTo?: readonly QueueName[];
  /** The screenshot bucket: read-delete (serve captures to their owner, delete them with their application) or read-write (take them). */
  artifacts?: 'read-delete' | 'read-write';
  /**
   * The users' uploads bucket (resumes), in UPLOADS_BUCKET: read (attach kept resumes to forms),
   * remove (delete everything under a user's prefixes) or manage (hand out upload URLs, read and
   * keep uploads, delete them).
   */
  uploads?: 'read' | 'remove' | 'manage';
  /** Packages esbuild cannot bundle (native addons), installed beside the bundle instead. */
  nativePackages?: readonly string[];
  /** Sends email through SES from the stage's sender (EMAIL_FROM), when the stage has one. */
  sendsEmail?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path syntax: '/jobs/{jobId}' */
  path: string;
  fn: FunctionSpec;
  /** true: a bearer token is required and its subject is the caller. */
  auth: boolean;
  summary: string;
  /** More than a summary says: semantics a client must know (OpenAPI's operation description). */
  description?: string;
  tags: string[];
  request?: { params?: ZodType; query?: ZodType; body?: ZodType };
  /** Status code to response schema (undefined for no body). */
  responses: Record<number, { description: string; schema?: ZodType; contentType?: string }>;
}

export interface QueueSpec {
  /** 'crawl' | 'apply': the queue is named `${name}` and its dead-letter queue `${name}-dlq`. */
  name: string;
  fn: FunctionSpec;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** At least six times the handler's timeout (DESIGN.md: SQS and Lambda). */
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** Upper bound on concurrent handler invocations (Lambda's maximumConcurrency, min 2). */
  maxConcurrency: number;
  retentionDays: number;
}

export interface ScheduleSpec {
  name: string;
  /** EventBridge expression: 'rate(15 minutes)' or 'cron(0 3 * * ? *)' */
  expression: string;
  fn: FunctionSpec;
  description: string;
}
