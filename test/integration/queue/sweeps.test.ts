/**
 * The outbox and the sweeper: a row whose send failed is sent again, a row whose worker vanished is
 * taken back and sent again, an unconfirmed application never is, and two sweeps at once send each
 * row once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueApplications, giveUpApplication, sweepApplications } from '../../../shared/applications/lifecycle';
import { claimCrawl, enqueueCrawls, giveUpCrawl, sweepCrawls } from '../../../shared/crawls/lifecycle';
import type { Db } from '../../../shared/data/types';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { applyQueue, crawlQueue } from '../../../shared/tables/queues';
import { freshDatabase } from '../../support/db';
import { createApplication, createUser, jobInput } from '../schema/helpers';
import { createCrawl, localQueues, type LocalQueues } from './helpers';

let db: Db;
let queues: LocalQueues;
beforeAll(async () => {
  ({ db } = await freshDatabase());
  queues = await localQueues([crawlQueue, applyQueue]);
});
afterAll(async () => {
  await queues?.stop();
});

const age = (table: 'crawler_jobs' | 'job_applications', id: number, minutes: number) =>
  db.execute(`update ${table} set created_at = now() - make_interval(mins => cast(:minutes as integer)) where id = :id`, { id, minutes });
const crawl = (id: number) =>
  db.one<{ status: string; enqueued_at: string | null; error_message: string | null; lease_expires_at: string | null }>(
    `select status::text as status, enqueued_at, error_message, lease_expires_at from crawler_jobs where id = :id`,
    { id },
  );

async function newApplication(status = 'pending'): Promise<number> {
  const userId = await createUser(db);
  const { ids } = await upsertJobs(db, [jobInput()]);
  return createApplication(db, userId, ids[0]!, { status });
}

describe('sending and sweeping queued work', () => {
  it('marks a row enqueued after its send; a failed send leaves it for the sweeper, which sends it once it is a minute old', async () => {
    const crawlId = await createCrawl(db);
    const failed = await enqueueCrawls(db, queues.brokenSender, [crawlId]);
    expect(failed.sent).toEqual([]);
    expect(failed.failed).toEqual([{ id: crawlId, reason: expect.stringContaining('QueueDoesNotExist') }]);
    expect((await crawl(crawlId)).enqueued_at).toBeNull();

    // Younger than a minute: its producer may still be sending it.
    expect((await sweepCrawls(db, queues.sender)).resent).not.toContain(crawlId);
    await age('crawler_jobs', crawlId, 2);
    const swept = await sweepCrawls(db, queues.sender);
    expect(swept.resent).toContain(crawlId);
    expect((await crawl(crawlId)).enqueued_at).not.toBeNull();
    expect(await queues.drain('crawl')).toContainEqual({ crawlId });

    // Sent now: the next sweep leaves it alone.
    expect((await sweepCrawls(db, queues.sender)).resent).not.toContain(crawlId);
  });

  it('sends and marks in one step when the send succeeds', async () => {
    const applicationId = await newApplication();
    expect(await enqueueApplications(db, queues.sender, [applicationId])).toEqual({ sent: [applicationId], failed: [] });
    expect(await queues.drain('apply')).toEqual([{ applicationId }]);
  });

  it('puts a run whose lease ran out back to queued, says why, and sends it again', async () => {
    const crawlId = await createCrawl(db);
    await claimCrawl(db, crawlId, 1);
    expect((await sweepCrawls(db, queues.sender)).requeued).not.toContain(crawlId);
    await new Promise((r) => setTimeout(r, 1_100));
    const swept = await sweepCrawls(db, queues.sender);
    expect(swept.requeued).toEqual([crawlId]);
    const row = await crawl(crawlId);
    expect(row).toMatchObject({ status: 'queued', lease_expires_at: null, error_message: expect.stringContaining('lease ran out') });
    expect(row.enqueued_at).not.toBeNull();
    expect(await queues.drain('crawl')).toEqual([{ crawlId }]);
  });

  it('fails a row whose worker vanished on every attempt instead of sending it forever', async () => {
    const crawlId = await createCrawl(db);
    await db.execute(`update crawler_jobs set status = 'running', attempts = 8, lease_expires_at = now() - interval '1 second' where id = :id`, { id: crawlId });
    const swept = await sweepCrawls(db, queues.sender);
    expect(swept.abandoned).toEqual([crawlId]);
    expect(await crawl(crawlId)).toMatchObject({ status: 'failed', error_message: expect.stringContaining('gave up after 8 attempts') });
    expect(await queues.drain('crawl')).toEqual([]);
  });

  it('never sends an unconfirmed, applied or failed application again', async () => {
    const ids = [await newApplication('unconfirmed'), await newApplication('applied'), await newApplication('failed')];
    for (const id of ids) await age('job_applications', id, 10);
    await db.execute(`update job_applications set lease_expires_at = now() - interval '1 hour' where id = any(cast(:ids as bigint[]))`, { ids: `{${ids.join(',')}}` });
    const swept = await sweepApplications(db, queues.sender);
    expect([...swept.resent, ...swept.requeued]).toEqual([]);
    expect(await queues.drain('apply')).toEqual([]);
  });

  it('shares rows out between two sweeps running at once: each row is sent once', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => createCrawl(db)));
    await db.execute(`update crawler_jobs set created_at = now() - interval '5 minutes' where id = any(cast(:ids as bigint[]))`, { ids: `{${ids.join(',')}}` });
    const [a, b] = await Promise.all([sweepCrawls(db, queues.sender), sweepCrawls(db, queues.sender)]);
    const sent = [...a.resent, ...b.resent].filter((id) => ids.includes(id));
    expect(sent.sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    const messages = (await queues.drain('crawl')) as Array<{ crawlId: number }>;
    expect(messages.map((m) => m.crawlId).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
  });

  it('gives up a row only when no live run holds it', async () => {
    const held = await createCrawl(db);
    await claimCrawl(db, held, 300);
    expect(await giveUpCrawl(db, held, 'gave up after 4 attempts: busy')).toBe(false);
    expect((await crawl(held)).status).toBe('running');

    const waiting = await createCrawl(db);
    expect(await giveUpCrawl(db, waiting, 'gave up after 4 attempts: boom')).toBe(true);
    expect(await crawl(waiting)).toMatchObject({ status: 'failed', error_message: 'gave up after 4 attempts: boom' });

    const done = await newApplication('applied');
    expect(await giveUpApplication(db, done, 'late')).toBe(false);
  });
});
