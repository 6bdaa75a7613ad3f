/**
 * Per-site pacing: a minimum interval between two submissions to the same host. Kept in the memory of
 * the worker process, so it holds across the messages a warm Lambda handles, not across concurrent
 * Lambdas (a per-user daily cap in the database is the hard limit).
 */
export class SitePacing {
  private readonly lastSubmit = new Map<string, number>();

  constructor(public minIntervalMs: number, private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before submitting to this host. */
  waitFor(host: string): number {
    const last = this.lastSubmit.get(host);
    return last === undefined ? 0 : Math.max(0, last + this.minIntervalMs - this.now());
  }

  recordSubmit(host: string): void {
    this.lastSubmit.set(host, this.now());
  }
}

/** One minute between submissions to one employer's site from this worker. */
export const sitePacing = new SitePacing(60_000);
