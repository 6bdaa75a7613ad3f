import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { startLocalDatabase } from '../../../infra/local/database';

const saved = process.env.DATABASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

describe('the local database tier (npm start)', () => {
  it('serves the migrated database through its Data API thread, and stops it', async () => {
    process.env.DATABASE_URL = inject('postgresUrl');
    const dataDir = await mkdtemp(join(tmpdir(), 'local-db-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const database = await startLocalDatabase({ dataDir, database: `${inject('databasePrefix')}${randomBytes(6).toString('hex')}` });
    try {
      const [row] = await database.db.query<{ migrations: number }>('select count(*)::int as migrations from schema_migrations');
      expect(row!.migrations).toBeGreaterThan(10);
      // A handler reaches the same endpoint through env.
      expect(database.env.DATA_API_ENDPOINT).toBe(database.dataApiEndpoint);
      expect((await fetch(`${database.dataApiEndpoint}/Execute`, { method: 'POST', body: '{}' })).status).toBe(400);
    } finally {
      await database.stop();
    }
    await expect(fetch(`${database.dataApiEndpoint}/Execute`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
