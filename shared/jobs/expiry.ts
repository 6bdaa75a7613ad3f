/** The expire-jobs schedule: a job past its expires_date is no longer offered (searches, recommendations, auto-apply). */
import type { Db } from '../data/types';

/** Marks active jobs whose expires_date has passed as inactive; returns how many. Running it twice changes nothing more. */
export async function expireJobs(db: Db): Promise<number> {
  const { rowsAffected } = await db.execute(`update jobs set is_active = false where is_active and expires_date <= now()`);
  return rowsAffected;
}
