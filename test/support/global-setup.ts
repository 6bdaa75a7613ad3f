/**
 * Once per test run: a real PostgreSQL (a throwaway cluster, or DATABASE_URL's server), the local
 * Data API endpoint over it, and a template database with every migration in sql/ applied through
 * that endpoint. Each test file then clones the template (see test/support/db.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startDataApiThread } from '../../infra/local/data-api/thread';
import { LOCAL_DB_CLUSTER_ARN, LOCAL_DB_SECRET_ARN, useLocalCredentials } from '../../infra/local/constants';
import { freePort } from '../../infra/local/free-port';
import { startPostgres } from '../../infra/local/postgres';
import { createDataApiDb } from '../../shared/data/data-api-db';
import { migrate } from '../../shared/data/migrate';
import { readMigrationFiles } from '../../shared/data/migration-files';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    dataApiEndpoint: string;
    templateDatabase: string;
    databasePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  useLocalCredentials();
  let dataDir: string | undefined;
  let stopPostgres = async () => {};
  let postgresUrl = process.env.DATABASE_URL;
  if (!postgresUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'jobs-test-pg-'));
    const server = await startPostgres({ dataDir: join(dataDir, 'data'), port: await freePort() });
    postgresUrl = server.url;
    stopPostgres = server.stop;
  }
  const dataApi = await startDataApiThread({ postgresUrl });
  // Every database of this run shares a prefix, so teardown drops only its own (DATABASE_URL may be shared).
  const prefix = `test_${process.pid}_`;
  const template = `${prefix}template`;
  const admin = new pg.Client(postgresUrl);
  const teardown = async () => {
    await dataApi.close();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname like $1 and pid <> pg_backend_pid()`, [`${prefix}%`]);
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}"`);
    await admin.end();
    await stopPostgres();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const db = createDataApiDb({
      endpoint: dataApi.endpoint,
      region: 'us-east-1',
      resourceArn: LOCAL_DB_CLUSTER_ARN,
      secretArn: LOCAL_DB_SECRET_ARN,
      database: template,
    });
    await migrate(db, await readMigrationFiles(join(import.meta.dirname, '../../sql')));
    // A template database cannot be cloned while anyone is connected to it.
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [template]);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }

  project.provide('postgresUrl', postgresUrl);
  project.provide('dataApiEndpoint', dataApi.endpoint);
  project.provide('templateDatabase', template);
  project.provide('databasePrefix', prefix);

  return teardown;
}
