/**
 * When to try a request again: 429 and 5xx (and network errors), with exponential backoff and full
 * jitter, honouring Retry-After, never past the crawl's deadline.
 */
export interface BackoffPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 4, baseMs: 500, maxMs: 30_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After when it
 * gave one, else base * 2^(attempt-1) with full jitter, capped at maxMs.
 */
export function backoffDelay(attempt: number, retryAfterMs: number | null, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  // Full jitter, but never less than half the step: a burst of workers should not retry in lockstep nor instantly.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type AttemptResult<T> = { done: true; value: T } | { done: false; retryAfterMs: number | null; why: string; last: T | null };

export interface RetryOptions {
  policy: BackoffPolicy;
  /** Epoch ms: no wait may end after it. */
  deadline: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class RetriesExhaustedError<T> extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    message: string,
    readonly last: T | null,
    /** True when the next wait would have passed the deadline (as opposed to running out of attempts). */
    readonly outOfTime: boolean,
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls attempt until it is done, waiting between tries; gives up when attempts or time run out. */
export async function retrying<T>(attempt: (n: number) => Promise<AttemptResult<T>>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (result.done) return result.value;
    if (n >= options.policy.attempts) {
      throw new RetriesExhaustedError(`${result.why}, still after ${n} attempts`, result.last, false);
    }
    const wait = backoffDelay(n, result.retryAfterMs, options.policy, options.random);
    if (Date.now() + wait > options.deadline) {
      const said = result.retryAfterMs !== null ? `asked to wait ${Math.ceil(wait / 1000)}s` : `next retry in ${Math.ceil(wait / 1000)}s`;
      throw new RetriesExhaustedError(`${result.why}; ${said}, past the crawl's deadline`, result.last, true);
    }
    await sleep(wait);
  }
}
