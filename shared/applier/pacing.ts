/**
 * Per-site pacing: a minimum interval between two submissions to the same host. A worker reserves
 * the host's next free moment before it clicks submit; the reservation either fits before the
 * attempt's deadline or is refused, and a refused attempt goes back to the queue to try later.
 * In AWS the slots live in the database (shared/applications/site-pacing.ts), so the interval holds
 * across every concurrent apply worker, not only within one warm process.
 */
export interface SitePacing {
  readonly minIntervalMs: number;
  /**
   * Claims the next submission slot for this host if it starts within `maxWaitMs`, and returns how
   * many milliseconds to wait for it; null when the next slot is later (nothing is claimed).
   */
  reserve(host: string, maxWaitMs: number): Promise<number | null>;
}

/** Slots kept in this process's memory: for one process at a time (tests, benchmarks, a single worker). */
export class MemorySitePacing implements SitePacing {
  private readonly nextFree = new Map<string, number>();

  constructor(readonly minIntervalMs: number, private readonly now: () => number = Date.now) {}

  async reserve(host: string, maxWaitMs: number): Promise<number | null> {
    const now = this.now();
    const slot = Math.max(now, this.nextFree.get(host) ?? now);
    if (slot - now > maxWaitMs) return null;
    this.nextFree.set(host, slot + this.minIntervalMs);
    return slot - now;
  }
}
