/**
 * The migration runner: applies the pending files of sql/ in order, each in its own transaction,
 * records each with a checksum, and refuses to go on when an applied file has since been edited.
 * An advisory transaction lock makes two runners at once (two deploys, two local starts) safe:
 * the second waits, then finds the file applied.
 */
import { createHash } from 'node:crypto';
import { splitStatements } from './sql-text';
import type { Db } from './types';

export interface MigrationFile {
  /** e.g. 001_schema.sql; files apply in name order. */
  name: string;
  sql: string;
}

export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
}

/** An arbitrary constant: the key of the advisory lock all runners take. */
const LOCK_KEY = 7_264_190_001;

export function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

async function lock(tx: Db): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(:key)', { key: LOCK_KEY });
}

export async function migrate(db: Db, files: MigrationFile[], log: (message: string) => void = () => {}): Promise<{ applied: string[] }> {
  const ordered = [...files].sort((a, b) => a.name.localeCompare(b.name));
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.execute(`create table if not exists schema_migrations (
      name varchar(255) primary key,
      checksum char(64) not null,
      applied_at timestamp not null default now()
    )`);
  });

  const recorded = new Map(
    (await db.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).map((r) => [r.name, r.checksum]),
  );
  for (const file of ordered) {
    const seen = recorded.get(file.name);
    if (seen && seen !== checksum(file.sql)) {
      throw new MigrationChecksumError(`${file.name} was edited after it was applied; add a new migration instead`);
    }
  }

  const applied: string[] = [];
  for (const file of ordered) {
    if (recorded.has(file.name)) continue;
    const done = await db.transaction(async (tx) => {
      await lock(tx);
      // Another runner may have applied it while this one waited for the lock.
      const again = await tx.maybeOne<{ checksum: string }>('select checksum from schema_migrations where name = :name', { name: file.name });
      if (again) {
        if (again.checksum !== checksum(file.sql)) throw new MigrationChecksumError(`${file.name} differs from the applied version`);
        return false;
      }
      for (const statement of splitStatements(file.sql)) await tx.execute(statement);
      await tx.execute('insert into schema_migrations (name, checksum) values (:name, :checksum)', {
        name: file.name,
        checksum: checksum(file.sql),
      });
      return true;
    });
    if (done) {
      applied.push(file.name);
      log(`applied ${file.name}`);
    }
  }
  return { applied };
}
