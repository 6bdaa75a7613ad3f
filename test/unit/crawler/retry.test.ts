import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostPacer } from '../../../shared/crawler/http/pacing';
import { backoffDelay, parseRetryAfter, retrying, RetriesExhaustedError, type AttemptResult } from '../../../shared/crawler/http/retry';

const policy = { attempts: 4, baseMs: 500, maxMs: 30_000 };

describe('backoff', () => {
  it('grows exponentially with jitter between half and the whole step, capped', () => {
    expect(backoffDelay(1, null, policy, () => 0)).toBe(250);
    expect(backoffDelay(1, null, policy, () => 1)).toBe(500);
    expect(backoffDelay(3, null, policy, () => 0.5)).toBe(1_500); // step 2,000
    expect(backoffDelay(20, null, policy, () => 1)).toBe(30_000);
  });

  it('uses the server Retry-After as given, in seconds or as a date', () => {
    expect(parseRetryAfter('7')).toBe(7_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', Date.parse('Wed, 25 Nov 2026 10:00:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(backoffDelay(1, 7_000, policy, () => 0)).toBe(7_000);
  });
});

describe('retrying (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-11-25T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('waits the Retry-After before trying again, then returns the answer', async () => {
    const calls: number[] = [];
    const attempt = async (): Promise<AttemptResult<string>> => {
      calls.push(Date.now());
      return calls.length === 1 ? { done: false, retryAfterMs: 2_000, why: 'HTTP 429', last: null } : { done: true, value: 'page' };
    };
    const pending = retrying(attempt, { policy, deadline: Date.now() + 60_000 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toBe('page');
    expect(calls[1]! - calls[0]!).toBe(2_000);
  });

  it('backs off exponentially on 5xx without Retry-After, and gives up after the last attempt', async () => {
    const calls: number[] = [];
    const attempt = async (): Promise<AttemptResult<string>> => {
      calls.push(Date.now());
      return { done: false, retryAfterMs: null, why: 'HTTP 503', last: 'error page' };
    };
    const pending = retrying(attempt, { policy, deadline: Date.now() + 60_000, random: () => 1 });
    const outcome = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const err = await outcome;
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect((err as Error).message).toBe('HTTP 503, still after 4 attempts');
    expect(calls.slice(1).map((t, i) => t - calls[i]!)).toEqual([500, 1_000, 2_000]);
  });

  it('refuses to wait past the deadline: a Retry-After of an hour ends the crawl now', async () => {
    let calls = 0;
    const attempt = async (): Promise<AttemptResult<string>> => {
      calls++;
      return { done: false, retryAfterMs: 3_600_000, why: 'HTTP 429', last: null };
    };
    const err = await retrying(attempt, { policy, deadline: Date.now() + 60_000 }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as RetriesExhaustedError<string>).outOfTime).toBe(true);
    expect((err as Error).message).toMatch(/asked to wait 3600s, past the crawl's deadline/);
  });
});

describe('HostPacer (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('spaces request starts per host and keeps other hosts independent', async () => {
    const pacer = new HostPacer({ intervalMs: 1_000, concurrency: 2 });
    const starts: Array<[string, number]> = [];
    const t0 = Date.now();
    const run = (host: string) => pacer.run(host, async () => void starts.push([host, Date.now() - t0]));
    const all = Promise.all([run('a'), run('a'), run('a'), run('b')]);
    await vi.advanceTimersByTimeAsync(5_000);
    await all;
    expect(starts.filter(([h]) => h === 'a').map(([, t]) => t)).toEqual([0, 1_000, 2_000]);
    expect(starts.find(([h]) => h === 'b')![1]).toBe(0);
  });

  it('never has more than the cap in flight on one host', async () => {
    const pacer = new HostPacer({ intervalMs: 0, concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    const work = () =>
      pacer.run('h', async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 100));
        inFlight--;
      });
    const all = Promise.all(Array.from({ length: 6 }, work));
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(peak).toBe(2);
  });

  it('takes a slower pace for a host (robots.txt Crawl-delay) but never a faster one', () => {
    const pacer = new HostPacer({ intervalMs: 500, concurrency: 3 });
    pacer.setHost('slow.example', { intervalMs: 2_000, concurrency: 1 });
    pacer.setHost('eager.example', { intervalMs: 10, concurrency: 10 });
    expect(pacer.settingsFor('slow.example')).toEqual({ intervalMs: 2_000, concurrency: 1 });
    expect(pacer.settingsFor('eager.example')).toEqual({ intervalMs: 500, concurrency: 3 });
  });
});
