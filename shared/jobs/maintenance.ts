/**
 * Partition upkeep for jobs, run by schedules: months are created ahead of the crawls that fill
 * them, and months past the retention are detached into the job_archive schema (see
 * sql/003_jobs.sql).
 */
import type { Db } from '../data/types';

/** Creates the current month's partition and the next `monthsAhead`; returns the ones it created. */
export async function createJobPartitions(db: Db, monthsAhead = 2): Promise<string[]> {
  const rows = await db.query<{ name: string }>(`select create_job_partitions(cast(:months_ahead as integer)) as name`, { months_ahead: monthsAhead });
  return rows.map((r) => r.name);
}

/**
 * Detaches the months older than `retentionMonths` into job_archive; returns the archived tables.
 * Jobs with applications keep their identity (the application still names its job).
 */
export async function detachJobPartitions(db: Db, retentionMonths = 12): Promise<string[]> {
  const rows = await db.query<{ name: string }>(`select detach_job_partitions(make_interval(months => cast(:months as integer))) as name`, {
    months: retentionMonths,
  });
  return rows.map((r) => r.name);
}
