import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startDataApiServer, type DataApiServer } from '../../../infra/local/data-api/server';
import { createDataApiDb } from '../../../shared/data/data-api-db';
import { freshDatabase, type TestDatabase } from '../../support/db';

let t: TestDatabase;
let server: DataApiServer;

beforeAll(async () => {
  t = await freshDatabase();
  // The service rolls back a transaction left idle for 3 minutes; a short idle time stands for it here.
  server = await startDataApiServer({ postgresUrl: inject('postgresUrl'), transactionIdleMs: 300 });
});
afterAll(() => server.close());

it('rolls back a transaction left idle, and then no longer knows its id', async () => {
  const db = createDataApiDb({ ...t.dataApi, endpoint: server.endpoint, region: 'us-east-1' });
  await db.execute('create table notes (body text)');
  const client = new RDSDataClient({ endpoint: server.endpoint, region: 'us-east-1' });
  const error = await db
    .transaction(async (tx) => {
      await tx.execute(`insert into notes values ('left open')`);
      await new Promise((r) => setTimeout(r, 700));
      await tx.execute(`insert into notes values ('too late')`);
    })
    .catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/Transaction .* isn't found: Transaction may be expired/);
  expect(await db.query('select body from notes')).toEqual([]);
  const stale = await client
    .send(new ExecuteStatementCommand({ ...t.dataApi, sql: 'select 1', transactionId: 'gone' }))
    .catch((e: Error) => e);
  expect((stale as Error).name).toBe('TransactionNotFoundException');
});
