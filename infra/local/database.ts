/**
 * The local database tier: PostgreSQL (ours, or DATABASE_URL's), the platform's database on it,
 * the Data API endpoint in front (on its own thread), and every migration applied through that endpoint, as the deploy
 * applies them on Aurora.
 */
import { join } from 'node:path';
import pg from 'pg';
import { createDataApiDb } from '../../shared/data/data-api-db';
import { migrate } from '../../shared/data/migrate';
import { readMigrationFiles } from '../../shared/data/migration-files';
import type { Db } from '../../shared/data/types';
import { LOCAL_DB_CLUSTER_ARN, LOCAL_DB_NAME, LOCAL_DB_SECRET_ARN, LOCAL_REGION, useLocalCredentials } from './constants';
import { startDataApiThread } from './data-api/thread';
import { startPostgres } from './postgres';
import { StartupError } from './startup-error';

export const SQL_DIR = join(import.meta.dirname, '../../sql');
/** Where `npm start` asks PostgreSQL to listen, unless PG_PORT says otherwise or the port is taken. */
export const DEFAULT_POSTGRES_PORT = 54329;

export interface LocalDatabase {
  db: Db;
  dataApiEndpoint: string;
  postgresUrl: string;
  /** The environment a handler needs to reach this database through the Data API. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalDatabase(options: {
  dataDir: string;
  postgresPort?: number;
  dataApiPort?: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<LocalDatabase> {
  const log = options.log ?? (() => {});
  const database = options.database ?? LOCAL_DB_NAME;
  useLocalCredentials();
  const server = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startPostgres({ dataDir: join(options.dataDir, 'pg'), ...postgresPort(options.postgresPort), log });
  await ensureDatabase(server.url, database);
  const dataApi = await startDataApiThread({ postgresUrl: server.url, port: options.dataApiPort });
  const env = {
    DB_CLUSTER_ARN: LOCAL_DB_CLUSTER_ARN,
    DB_SECRET_ARN: LOCAL_DB_SECRET_ARN,
    DB_NAME: database,
    DATA_API_ENDPOINT: dataApi.endpoint,
  };
  const db = createDataApiDb({ resourceArn: LOCAL_DB_CLUSTER_ARN, secretArn: LOCAL_DB_SECRET_ARN, database, endpoint: dataApi.endpoint, region: LOCAL_REGION });
  const { applied } = await migrate(db, await readMigrationFiles(SQL_DIR), (m) => log(`migrations: ${m}`));
  log(applied.length ? `migrations: ${applied.length} applied` : 'migrations: up to date');
  return {
    db,
    dataApiEndpoint: dataApi.endpoint,
    postgresUrl: server.url,
    env,
    async stop() {
      await dataApi.close();
      await server.stop();
    },
  };
}

/** A port asked for (the option, else PG_PORT) must be free; the default gives way to a free one when taken. */
function postgresPort(asked: number | undefined): { port: number; fallbackToFreePort: boolean } {
  if (asked !== undefined) return { port: asked, fallbackToFreePort: false };
  const setting = process.env.PG_PORT;
  if (setting === undefined || setting === '') return { port: DEFAULT_POSTGRES_PORT, fallbackToFreePort: true };
  const port = Number(setting);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new StartupError(`PG_PORT must be a port number from 1 to 65535, not "${setting}"`);
  return { port, fallbackToFreePort: false };
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new pg.Client(url);
  await admin.connect().catch((error: Error) => {
    const { hostname, port } = new URL(url); // not the whole URL: it carries the password
    throw new StartupError(`cannot connect to PostgreSQL at ${hostname}:${port || 5432}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ''}: ${error.message}`);
  });
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await admin.query(`create database "${database.replace(/"/g, '""')}"`);
  } catch (error: any) {
    if (error.code !== '42P04') throw error; // created meanwhile by another start
  } finally {
    await admin.end();
  }
}
