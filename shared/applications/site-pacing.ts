/**
 * Per-site pacing held in the database (sql/011), so the interval between two submissions to one
 * host holds across all concurrent apply workers.
 */
import type { SitePacing } from '../applier/pacing';
import type { Db } from '../data/types';

export class DatabaseSitePacing implements SitePacing {
  constructor(
    private readonly db: () => Db,
    private readonly interval: () => number,
  ) {}

  get minIntervalMs(): number {
    return this.interval();
  }

  async reserve(host: string, maxWaitMs: number): Promise<number | null> {
    // The slot is the later of now and the host's next free moment; it is claimed only if it starts
    // within maxWaitMs (the conflict's WHERE leaves the row alone and returns nothing otherwise).
    const row = await this.db().maybeOne<{ wait_ms: number }>(
      `insert into site_submission_slots as s (host, next_free_at)
       values (:host, now() + make_interval(secs => cast(:intervalMs as double precision) / 1000))
       on conflict (host) do update
         set next_free_at = greatest(s.next_free_at, now()) + make_interval(secs => cast(:intervalMs as double precision) / 1000)
         where greatest(s.next_free_at, now()) <= now() + make_interval(secs => cast(:maxWaitMs as double precision) / 1000)
       returning cast(round(extract(epoch from (next_free_at - now())) * 1000) as bigint) - cast(:intervalMs as bigint) as wait_ms`,
      { host, intervalMs: this.minIntervalMs, maxWaitMs: Math.max(0, Math.floor(maxWaitMs)) },
    );
    return row ? Math.max(0, row.wait_ms) : null;
  }
}
