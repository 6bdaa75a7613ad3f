/** Reads sql/ from disk (local runtime, tests); the migration Lambda gets the same files bundled. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationFile } from './migrate';

export const MIGRATION_NAME = /^\d{3,}_[a-z0-9_]+\.sql$/;

export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => MIGRATION_NAME.test(n)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(join(dir, name), 'utf8') })));
}
