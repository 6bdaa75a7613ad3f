/** Waiting, over the API, for the queue workers to finish what a request started. */
import type { Application } from '../../../shared/applications/schema';
import type { Crawl } from '../../../shared/crawls/schema';
import type { Api } from '../api/client';

/**
 * Reads `path` until `done` says so (every 250 ms), and returns that answer. On timeout it throws with
 * the last answer, so a stuck crawl or application shows where it stopped.
 */
export async function pollUntil<T = any>(api: Api, path: string, token: string, done: (body: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const reply = await api.get<T>(path, token);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.text}`);
    if (done(reply.body)) return reply.body;
    if (Date.now() - started > timeoutMs) throw new Error(`GET ${path} still not done after ${timeoutMs} ms: ${reply.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A crawl's answer once the crawl worker has finished it. */
export const crawlSettled = (api: Api, id: number, token: string, timeoutMs?: number) =>
  pollUntil<Crawl>(api, `/crawls/${id}`, token, (c) => c.status === 'completed' || c.status === 'failed', timeoutMs);

/** An application's answer once the apply worker has finished its attempt (pending and in_progress are not finished). */
export const applicationSettled = (api: Api, id: number, token: string, timeoutMs?: number) =>
  pollUntil<Application>(api, `/applications/${id}`, token, (a) => a.status !== 'pending' && a.status !== 'in_progress', timeoutMs);
