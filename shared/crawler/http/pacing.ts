/**
 * Politeness per host: at most `concurrency` requests in flight and at least `intervalMs` between
 * the starts of two requests. One pacer per crawl, keyed by host.
 */
export interface PaceSettings {
  intervalMs: number;
  concurrency: number;
}

interface HostState {
  nextStart: number;
  active: number;
  waiting: Array<() => void>;
}

export class HostPacer {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly defaults: PaceSettings,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private readonly overrides = new Map<string, Partial<PaceSettings>>();

  /** A host's own pace (robots.txt Crawl-delay, a source's setting); never faster than the defaults allow. */
  setHost(host: string, settings: Partial<PaceSettings>): void {
    this.overrides.set(host, { ...this.overrides.get(host), ...settings });
  }

  settingsFor(host: string): PaceSettings {
    const o = this.overrides.get(host) ?? {};
    return {
      intervalMs: Math.max(this.defaults.intervalMs, o.intervalMs ?? 0),
      concurrency: Math.max(1, Math.min(this.defaults.concurrency, o.concurrency ?? Infinity)),
    };
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { nextStart: 0, active: 0, waiting: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** Runs fn when the host's pace allows. */
  async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const s = this.state(host);
    const { intervalMs, concurrency } = this.settingsFor(host);
    while (s.active >= concurrency) await new Promise<void>((r) => s.waiting.push(r));
    s.active++;
    try {
      const now = Date.now();
      const start = Math.max(now, s.nextStart);
      s.nextStart = start + intervalMs;
      if (start > now) await this.sleep(start - now);
      return await fn();
    } finally {
      s.active--;
      s.waiting.shift()?.();
    }
  }
}
