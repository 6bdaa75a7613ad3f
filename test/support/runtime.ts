/**
 * The local runtime (infra/local/runtime.ts) for an end-to-end test file, in this process: a fresh
 * database (a clone of the migrated template) behind the local Data API, the local SQS endpoint with
 * the queue table's queues, and the local HTTP server over the route table, all under a temporary
 * data dir. The scheduler stays off (tests fire schedules by hand). The queues' workers are off unless
 * asked for: without them a test reads the messages itself; with them each message goes through
 * Lambda's event-source semantics to the real worker, as it does in AWS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime } from '../../infra/local/runtime';
import type { LocalSqs } from '../../infra/local/sqs/server';
import type { Db } from '../../shared/data/types';
import { freshDatabase } from './db';

export interface TestRuntime {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  baseUrl: string;
  /** The same database the handlers use, for setup and inspection. */
  db: Db;
  /** A direct postgres:// URL to it, for bulk setup. */
  databaseUrl: string;
  sqs: LocalSqs;
  /** Everything set in process.env for the handlers. */
  env: Record<string, string>;
  /** Where the email module writes what it would send. */
  outboxDir: string;
  artifactsDir: string;
  /** The folder the local S3 endpoint keeps the uploads bucket in: `resumes/<userId>/…` and `uploads/<userId>/…`. */
  uploadsDir: string;
  stop(): Promise<void>;
}

export interface TestRuntimeOptions {
  /** Run the crawl and apply workers on their queues (default off). */
  eventSources?: boolean;
  /** The runtime's log lines (event-source batches, redeliveries); silent by default. */
  log?: (line: string) => void;
  /** More environment for the handlers, e.g. a shorter APPLY_SUBMIT_INTERVAL_MS. */
  env?: Record<string, string>;
}

export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const database = await freshDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'jobs-e2e-'));
  const outboxDir = join(dataDir, 'outbox');
  try {
    const runtime = await startLocalRuntime({
      dataDir,
      database: {
        db: database.db,
        env: {
          DB_CLUSTER_ARN: database.dataApi.resourceArn,
          DB_SECRET_ARN: database.dataApi.secretArn,
          DB_NAME: database.dataApi.database,
          DATA_API_ENDPOINT: database.dataApi.endpoint,
        },
        // The clone is the test run's; global teardown drops it with the others.
        stop: async () => {},
      },
      httpPort: 0,
      scheduler: false,
      eventSources: options.eventSources ?? false,
      env: {
        EMAIL_OUTBOX_DIR: outboxDir,
        STAGE: 'test',
        // Request logs are noise in test output; errors still print.
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
        ...options.env,
      },
      log: options.log,
    });
    return {
      baseUrl: runtime.apiUrl,
      db: database.db,
      databaseUrl: database.url,
      sqs: runtime.sqs,
      env: runtime.env,
      outboxDir,
      artifactsDir: runtime.env.ARTIFACTS_DIR!,
      uploadsDir: runtime.s3.folderOf(runtime.env.UPLOADS_BUCKET!),
      async stop() {
        await runtime.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
