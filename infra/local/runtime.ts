/**
 * The whole platform on one machine: PostgreSQL behind the local Data API endpoint, the SQS endpoint
 * with Lambda's event-source semantics over the queue table, the HTTP API over the route table, and
 * the scheduler over the schedule table. Every handler is the one Lambda runs, with the same SDK
 * clients; only the endpoints they are pointed at differ. `npm start` runs all of it; the end-to-end
 * tests run it on a database of their own, with the parts they need.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { closeBrowser } from '../../shared/browser/chromium';
import { queues } from '../../shared/tables/queues';
import { routes } from '../../shared/tables/routes';
import { schedules } from '../../shared/tables/schedules';
import { config } from '../../shared/config';
import { LOCAL_CREDENTIALS, LOCAL_UPLOADS_BUCKET, useLocalCredentials } from './constants';
import { startLocalDatabase, type LocalDatabase } from './database';
import { startHttpServer } from './http-server';
import { startLocalS3, type LocalS3 } from './s3/server';
import { startScheduler } from './scheduler';
import { startLocalSqs, type LocalSqs } from './sqs/server';
import { startEventSources } from './sqs/event-source';

/** What the runtime needs of a database: handlers reach it through `env`; `stop` is called by the runtime's stop. */
export type RuntimeDatabase = Pick<LocalDatabase, 'db' | 'env' | 'stop'>;

export interface LocalRuntimeOptions {
  /** Everything the runtime keeps between runs: database files, queues, uploads, the signing secret, screenshots. */
  dataDir: string;
  /** A database already migrated and running (a test's clone); without it the runtime starts its own under dataDir. */
  database?: RuntimeDatabase;
  /** Default 3000; 0 picks a free port. */
  httpPort?: number;
  /** The queues' workers (Lambda's SQS event sources). Off for tests that read the queues themselves. Default on. */
  eventSources?: boolean;
  /** Off for tests that fire schedules by hand. Default on. */
  scheduler?: boolean;
  /** More environment for the handlers (EMAIL_OUTBOX_DIR, POWERTOOLS_LOG_LEVEL, STAGE…); wins over the runtime's own. */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  apiUrl: string;
  database: RuntimeDatabase;
  sqs: LocalSqs;
  /** The users' uploads (resumes), in the folder `<dataDir>/uploads/uploads`. */
  s3: LocalS3;
  /** The environment every handler reads, already applied to this process. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  await mkdir(options.dataDir, { recursive: true });
  // Started in order and, should one fail to start, stopped in reverse: nothing is left listening.
  // One part that fails to stop does not keep the others (the database above all) running.
  const started: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const stop of started.splice(0).reverse()) await stop().catch((error: unknown) => errors.push(error));
    if (errors.length) throw new AggregateError(errors, 'parts of the local runtime did not stop cleanly');
  };
  try {
    const database = options.database ?? (await startLocalDatabase({ dataDir: options.dataDir, log }));
    started.push(() => database.stop());
    const sqs = await startLocalSqs({ dataDir: join(options.dataDir, 'sqs'), queues });
    started.push(() => sqs.stop());
    useLocalCredentials();
    const s3 = await startLocalS3({
      dataDir: join(options.dataDir, 'uploads'),
      buckets: [LOCAL_UPLOADS_BUCKET],
      // The credentials the handlers' SDK clients sign with in this process.
      credentials: LOCAL_CREDENTIALS,
      region: config.region(),
    });
    started.push(() => s3.stop());
    // Handlers run in this process, as in a warm Lambda container: they read the same names from the environment.
    const env: Record<string, string> = {
      ...database.env,
      ...sqs.env(),
      S3_ENDPOINT: s3.endpoint,
      UPLOADS_BUCKET: LOCAL_UPLOADS_BUCKET,
      AUTH_SECRET_FILE: join(options.dataDir, 'auth-secret'),
      ARTIFACTS_DIR: join(options.dataDir, 'artifacts'),
      // The fixture sites and a developer's own test pages live on 127.0.0.1.
      ALLOW_PRIVATE_TARGETS: 'true',
      STAGE: 'local',
      ...options.env,
    };
    Object.assign(process.env, env);

    if (options.eventSources !== false) {
      // The workers' one browser, closed once they have stopped.
      started.push(() => closeBrowser());
      const eventSources = await startEventSources({
        sqs,
        queues,
        // Two cores: one browser worker at a time per queue keeps the machine responsive.
        concurrencyCap: 1,
        log: (entry) => log(JSON.stringify({ service: 'local-event-source', ...entry })),
        onBatch: (report) => {
          if (report.failedIds.length) log(`${report.queue}: ${report.failedIds.length} of ${report.messageIds.length} message(s) left for redelivery${report.error ? `: ${report.error}` : ''}`);
        },
      });
      started.push(() => eventSources.stop());
    }
    const http = await startHttpServer({ routes, port: options.httpPort ?? 3000 });
    started.push(() => http.close());
    if (options.scheduler !== false) {
      const scheduler = startScheduler(schedules, log);
      started.push(async () => scheduler.stop());
    }
    return { apiUrl: http.url, database, sqs, s3, env, stop: stopAll };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
