/**
 * Every index the seed lists exists under its name, on its table and columns, and the jobs indexes
 * exist on every monthly partition (including months created later) and the DEFAULT one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../shared/data/types';
import { createJobPartitions } from '../../../shared/jobs/maintenance';
import { freshDatabase } from '../../support/db';

let db: Db;

beforeAll(async () => {
  ({ db } = await freshDatabase());
});

/** The seed's "Indexes" section: name, table, columns, unique. */
const seedIndexes: [name: string, table: string, columns: string, unique: boolean][] = [
  ['idx_users_email', 'users', 'email', false],
  ['idx_users_username', 'users', 'username', false],
  ['idx_users_created_at', 'users', 'created_at', false],
  ['idx_jobs_title', 'jobs', 'title', false],
  ['idx_jobs_company', 'jobs', 'company', false],
  ['idx_jobs_source', 'jobs', 'source', false],
  ['idx_jobs_location', 'jobs', 'location', false],
  ['idx_jobs_external_id', 'jobs', 'external_id', false],
  ['idx_jobs_created_at', 'jobs', 'created_at', false],
  ['idx_jobs_is_active', 'jobs', 'is_active', false],
  ['idx_jobs_remote', 'jobs', 'remote', false],
  ['idx_jobs_source_active', 'jobs', 'source, is_active', false],
  ['idx_jobs_location_active', 'jobs', 'location, is_active', false],
  ['idx_applications_user_id', 'job_applications', 'user_id', false],
  ['idx_applications_job_id', 'job_applications', 'job_id', false],
  ['idx_applications_status', 'job_applications', 'status', false],
  ['idx_applications_created_at', 'job_applications', 'created_at', false],
  ['idx_applications_user_status', 'job_applications', 'user_id, status', false],
  ['idx_saved_jobs_user_id', 'saved_jobs', 'user_id', false],
  ['idx_saved_jobs_job_id', 'saved_jobs', 'job_id', false],
  ['idx_saved_jobs_unique', 'saved_jobs', 'user_id, job_id', true],
];

describe("the seed's indexes", () => {
  it.each(seedIndexes)('%s on %s (%s)', async (name, table, columns, unique) => {
    const row = await db.maybeOne<{ def: string }>(
      `select pg_get_indexdef(i.indexrelid) as def
         from pg_index i
         join pg_class c on c.oid = i.indexrelid
        where c.relname = :name and c.relnamespace = 'public'::regnamespace`,
      { name },
    );
    expect(row, `${name} is missing`).toBeDefined();
    const pattern = new RegExp(`^CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON (ONLY )?public\\.${table} USING btree \\(${columns}\\)$`);
    expect(row!.def).toMatch(pattern);
  });

  it('puts each jobs index on every partition, months created later included', async () => {
    await createJobPartitions(db, 4);
    const partitions = await db.query<{ name: string }>(`select inhrelid::regclass::text as name from pg_inherits where inhparent = 'jobs'::regclass`);
    expect(partitions.map((p) => p.name)).toContain('jobs_default');
    const missing = await db.query<{ partition: string; index: string }>(
      `select p.inhrelid::regclass::text as partition, parent.relname as index
         from pg_inherits p
         cross join pg_class parent
        where p.inhparent = 'jobs'::regclass
          and parent.relname = any(cast(:names as text[]))
          and not exists (
            select 1 from pg_inherits ii join pg_index pi on pi.indexrelid = ii.inhrelid
             where ii.inhparent = parent.oid and pi.indrelid = p.inhrelid)`,
      { names: `{${seedIndexes.filter(([, table]) => table === 'jobs').map(([name]) => name).join(',')}}` },
    );
    expect(missing).toEqual([]);
  });
});
