/**
 * The whole API for an end-to-end test file, in this process: a fresh database behind the local Data
 * API, the local SQS endpoint with the queue table's queues (no workers: a test reads the messages
 * itself), and the local HTTP server over the route table. The handlers read the environment this
 * sets, exactly as they read Lambda's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer } from '../../infra/local/http-server';
import { startLocalSqs, type LocalSqs } from '../../infra/local/sqs/server';
import type { Db } from '../../shared/data/types';
import { queues } from '../../shared/tables/queues';
import { routes } from '../../shared/tables/routes';
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
  stop(): Promise<void>;
}

export async function startTestRuntime(): Promise<TestRuntime> {
  const database = await freshDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'jobs-e2e-'));
  const sqs = await startLocalSqs({ queues });
  const env: Record<string, string> = {
    DB_CLUSTER_ARN: database.dataApi.resourceArn,
    DB_SECRET_ARN: database.dataApi.secretArn,
    DB_NAME: database.dataApi.database,
    DATA_API_ENDPOINT: database.dataApi.endpoint,
    ...sqs.env(),
    AUTH_SECRET_FILE: join(dir, 'auth-secret'),
    ARTIFACTS_DIR: join(dir, 'artifacts'),
    EMAIL_OUTBOX_DIR: join(dir, 'outbox'),
    ALLOW_PRIVATE_TARGETS: 'true',
    STAGE: 'test',
    // Request logs are noise in test output; errors still print.
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  };
  Object.assign(process.env, env);
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer({ routes });
  } catch (error) {
    await sqs.stop();
    throw error;
  }
  return {
    baseUrl: http.url,
    db: database.db,
    databaseUrl: database.url,
    sqs,
    env,
    outboxDir: env.EMAIL_OUTBOX_DIR!,
    artifactsDir: env.ARTIFACTS_DIR!,
    async stop() {
      await http.close();
      await sqs.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
