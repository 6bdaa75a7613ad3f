/**
 * A fresh database for a test file: a clone of the migrated template, reached through the local
 * Data API endpoint with the same client the functions use.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { LOCAL_DB_CLUSTER_ARN, LOCAL_DB_SECRET_ARN, useLocalCredentials } from '../../infra/local/constants';
import { createDataApiDb } from '../../shared/data/data-api-db';
import type { Db } from '../../shared/data/types';

export interface TestDatabase {
  /** The Data API path, as functions use it. */
  db: Db;
  /** A direct postgres:// URL to the same database, for bulk setup and inspection. */
  url: string;
  name: string;
  /** Data API connection settings, to point handlers at this database through env. */
  dataApi: { endpoint: string; resourceArn: string; secretArn: string; database: string };
}

export async function freshDatabase(): Promise<TestDatabase> {
  return createDatabase(`template ${inject('templateDatabase')}`);
}

/** A database with no schema at all (not a clone of the template), for tests that migrate step by step. */
export async function emptyDatabase(): Promise<TestDatabase> {
  return createDatabase('');
}

async function createDatabase(options: string): Promise<TestDatabase> {
  useLocalCredentials();
  const postgresUrl = inject('postgresUrl');
  const name = `${inject('databasePrefix')}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(postgresUrl);
  await admin.connect();
  try {
    await admin.query(`create database ${name} ${options}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const dataApi = { endpoint: inject('dataApiEndpoint'), resourceArn: LOCAL_DB_CLUSTER_ARN, secretArn: LOCAL_DB_SECRET_ARN, database: name };
  return { db: createDataApiDb({ ...dataApi, region: 'us-east-1' }), url: url.toString(), name, dataApi };
}
