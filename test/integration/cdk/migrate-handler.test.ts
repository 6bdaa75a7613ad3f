/**
 * The migration custom resource's handler (functions/migrate.ts) against the local Data API
 * endpoint: what CloudFormation sees on a first deploy, a deploy that adds a file, a deploy whose
 * migration fails, and the stack's removal.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LOCAL_DB_CLUSTER_ARN, LOCAL_DB_SECRET_ARN } from '../../../infra/local/constants';
import { migrationsHash } from '../../../infra/cdk/constructs/migrations';
import { readMigrationFiles } from '../../../shared/data/migration-files';
import { freshDatabase, type TestDatabase } from '../../support/db';

const SQL_DIR = join(import.meta.dirname, '../../../sql');

type Handler = typeof import('../../../functions/migrate').handler;

/** What CloudFormation sends for a deploy of the files in dir (the hash the CDK app put on the resource). */
const update = (dir: string) => ({
  RequestType: 'Update' as const,
  PhysicalResourceId: 'schema-migrations',
  ResourceProperties: { MigrationsHash: migrationsHash(dir) },
});

/** The handler as a fresh Lambda would load it: its Db is made from these environment variables. */
async function loadHandler(dataApi: TestDatabase['dataApi'], migrationsDir: string): Promise<Handler> {
  process.env.DB_CLUSTER_ARN = dataApi.resourceArn;
  process.env.DB_SECRET_ARN = dataApi.secretArn;
  process.env.DB_NAME = dataApi.database;
  process.env.DATA_API_ENDPOINT = dataApi.endpoint;
  process.env.MIGRATIONS_DIR = migrationsDir;
  vi.resetModules();
  return (await import('../../../functions/migrate')).handler;
}

async function createEmptyDatabase(): Promise<TestDatabase['dataApi'] & { url: string }> {
  const name = `${inject('databasePrefix')}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(inject('postgresUrl'));
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return { endpoint: inject('dataApiEndpoint'), resourceArn: LOCAL_DB_CLUSTER_ARN, secretArn: LOCAL_DB_SECRET_ARN, database: name, url: url.toString() };
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query('select to_regclass($1) is not null as exists', [table]);
    return rows[0].exists as boolean;
  } finally {
    await client.end();
  }
}

const workDirs: string[] = [];
/** A copy of sql/ that a test may add files to, as a developer adds a migration before a deploy. */
function sqlCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-handler-'));
  workDirs.push(dir);
  cpSync(SQL_DIR, dir, { recursive: true });
  return dir;
}
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

describe('first deploy (Create) on an empty database', () => {
  let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    empty = await createEmptyDatabase();
  });

  it('applies every file of sql/, then nothing on the next deploy', async () => {
    const handler = await loadHandler(empty, SQL_DIR);
    const files = (await readMigrationFiles(SQL_DIR)).map((f) => f.name);

    const created = await handler({ RequestType: 'Create', ResourceProperties: { MigrationsHash: migrationsHash(SQL_DIR) } });
    expect(created).toEqual({ PhysicalResourceId: 'schema-migrations', Data: { AppliedCount: files.length, LastApplied: files.at(-1) } });
    expect(await tableExists(empty.url, 'users')).toBe(true);
    expect(await tableExists(empty.url, 'job_applications')).toBe(true);

    // Run by hand (no properties): applies whatever is pending.
    const again = await handler({ RequestType: 'Update' });
    expect(again).toEqual({ PhysicalResourceId: 'schema-migrations', Data: { AppliedCount: 0, LastApplied: '' } });
  });
});

describe('later deploys (Update) on a migrated database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });

  it('applies a file added to sql/ since the last deploy', async () => {
    const dir = sqlCopy();
    writeFileSync(join(dir, '900_deploy_notes.sql'), 'create table deploy_notes (id bigint primary key, note text not null);\n');
    const handler = await loadHandler(database.dataApi, dir);

    const result = await handler(update(dir));
    expect(result.Data).toEqual({ AppliedCount: 1, LastApplied: '900_deploy_notes.sql' });
    expect(await tableExists(database.url, 'deploy_notes')).toBe(true);
  });

  it('leaves the schema alone when a rollback asks for the files of the previous deploy', async () => {
    const dir = sqlCopy();
    writeFileSync(join(dir, '902_rolled_back.sql'), 'create table rolled_back (id bigint primary key);\n');
    const handler = await loadHandler(database.dataApi, dir);

    // The previous deploy had sql/ without 902; this function already carries it.
    const result = await handler(update(SQL_DIR));
    expect(result).toEqual({ PhysicalResourceId: 'schema-migrations', Data: { AppliedCount: 0, LastApplied: '' } });
    expect(await tableExists(database.url, 'rolled_back')).toBe(false);
  });

  it('fails the deploy on a migration that does not apply, and leaves nothing of it behind', async () => {
    const dir = sqlCopy();
    writeFileSync(
      join(dir, '901_half_done.sql'),
      'create table half_done (id bigint primary key);\ninsert into half_done (id) values (1), (1);\n',
    );
    const handler = await loadHandler(database.dataApi, dir);

    await expect(handler(update(dir))).rejects.toThrow(/duplicate key/);
    expect(await tableExists(database.url, 'half_done')).toBe(false);
    const recorded = await database.db.query<{ name: string }>("select name from schema_migrations where name = '901_half_done.sql'");
    expect(recorded).toEqual([]);
  });

  it('fails the deploy when an applied file was edited, instead of running it again', async () => {
    const dir = sqlCopy();
    const [first] = (await readMigrationFiles(SQL_DIR)).map((f) => f.name);
    writeFileSync(join(dir, first!), '-- edited after it was applied\n', { flag: 'a' });
    const handler = await loadHandler(database.dataApi, dir);

    await expect(handler(update(dir))).rejects.toThrow(/edited after it was applied/);
  });
});

describe('stack removal (Delete)', () => {
  it('keeps the schema and its data, and touches no database', async () => {
    const database = await freshDatabase();
    // A dir with a broken file: Delete must not even read it.
    const dir = sqlCopy();
    writeFileSync(join(dir, '999_broken.sql'), 'this is not sql;\n');
    const handler = await loadHandler(database.dataApi, dir);

    const result = await handler({ RequestType: 'Delete', PhysicalResourceId: 'schema-migrations' });
    expect(result).toEqual({ PhysicalResourceId: 'schema-migrations' });
    expect(await tableExists(database.url, 'users')).toBe(true);
  });
});
