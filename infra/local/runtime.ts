/**
 * The whole platform on one machine: PostgreSQL behind the local Data API endpoint, the SQS endpoint
 * with Lambda's event-source semantics over the queue table, the HTTP API over the route table, and
 * the scheduler over the schedule table. Every handler is the one Lambda runs, with the same SDK
 * clients; only the endpoints they are pointed at differ.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { queues } from '../../shared/tables/queues';
import { routes } from '../../shared/tables/routes';
import { schedules } from '../../shared/tables/schedules';
import { startLocalDatabase, type LocalDatabase } from './database';
import { startHttpServer } from './http-server';
import { startScheduler } from './scheduler';
import { startLocalSqs } from './sqs/server';
import { startEventSources } from './sqs/event-source';

export interface LocalRuntimeOptions {
  /** Everything the runtime keeps between runs: database files, queues, the signing secret, screenshots. */
  dataDir: string;
  httpPort?: number;
  /** Off for tests that fire schedules by hand. */
  scheduler?: boolean;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  apiUrl: string;
  database: LocalDatabase;
  /** The environment every handler reads, already applied to this process. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  await mkdir(options.dataDir, { recursive: true });
  const database = await startLocalDatabase({ dataDir: options.dataDir, log });
  const sqs = await startLocalSqs({ dataDir: join(options.dataDir, 'sqs'), queues });
  // Handlers run in this process, as in a warm Lambda container: they read the same names from the environment.
  const env: Record<string, string> = {
    ...database.env,
    ...sqs.env(),
    AUTH_SECRET_FILE: join(options.dataDir, 'auth-secret'),
    ARTIFACTS_DIR: join(options.dataDir, 'artifacts'),
    // The fixture sites and a developer's own test pages live on 127.0.0.1.
    ALLOW_PRIVATE_TARGETS: 'true',
    STAGE: 'local',
  };
  Object.assign(process.env, env);

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
  const http = await startHttpServer({ routes, port: options.httpPort ?? 3000 });
  const scheduler = options.scheduler === false ? undefined : startScheduler(schedules, log);

  return {
    apiUrl: http.url,
    database,
    env,
    async stop() {
      scheduler?.stop();
      await http.close();
      await eventSources.stop();
      await sqs.stop();
      await database.stop();
    },
  };
}
