/**
 * The scheduled jobs' domain and handlers: due saved searches become queued, sent crawls; expired
 * jobs become inactive; each schedule handler does its work through the same environment a Lambda
 * gets, and is safe to run twice at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../infra/local/lambda';
import { scheduledEvent } from '../../../infra/local/scheduler';
import { enqueueDueCrawls, MAX_DUE_SEARCHES_PER_PROFILE } from '../../../shared/crawls/due-searches';
import type { Db } from '../../../shared/data/types';
import { json } from '../../../shared/data/values';
import { expireJobs } from '../../../shared/jobs/expiry';
import { upsertJobs } from '../../../shared/jobs/upsert';
import { applyQueue, crawlQueue } from '../../../shared/tables/queues';
import { schedules } from '../../../shared/tables/schedules';
import { freshDatabase } from '../../support/db';
import { createProfile, createUser, jobInput } from '../schema/helpers';
import { localQueues, type LocalQueues } from './helpers';

let db: Db;
let queues: LocalQueues;
beforeAll(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  queues = await localQueues([crawlQueue, applyQueue]);
  // The environment the CDK app (or the local runtime) gives a scheduled function.
  Object.assign(process.env, {
    DB_CLUSTER_ARN: fresh.dataApi.resourceArn,
    DB_SECRET_ARN: fresh.dataApi.secretArn,
    DB_NAME: fresh.dataApi.database,
    DATA_API_ENDPOINT: fresh.dataApi.endpoint,
    ...queues.sqs.env(),
  });
});
afterAll(async () => {
  await queues?.stop();
});

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000);

interface CrawlRow {
  [column: string]: unknown;
  id: number;
  user_id: number | null;
  profile_id: number | null;
  search_query: string;
  location: string | null;
  source: string;
  enqueued_at: string | null;
}
const crawlsOf = (profileId: number) =>
  db.query<CrawlRow>(
    `select id, user_id, profile_id, search_query, location, source::text as source, enqueued_at from crawler_jobs where profile_id = :id order by id`,
    { id: profileId },
  );

async function profileWith(preferences: Record<string, unknown>, options: { active?: boolean } = {}) {
  const userId = await createUser(db);
  if (options.active === false) await db.execute(`update users set is_active = false where id = :id`, { id: userId });
  const profileId = await createProfile(db, userId, { preferences });
  return { userId, profileId };
}

describe('enqueue due crawls', () => {
  it("queues and sends each profile search (terms x locations x sources) once per interval", async () => {
    const { userId, profileId } = await profileWith({ keywords: ['typescript', 'go'], titles: ['Backend Engineer'], locations: ['Berlin', 'Remote'], sources: ['linkedin'] });
    await queues.drain('crawl');
    const first = await enqueueDueCrawls(db, queues.sender);
    const rows = await crawlsOf(profileId);
    expect(rows.map((r) => `${r.search_query}@${r.location}@${r.source}`).sort()).toEqual(
      ['Backend Engineer', 'go', 'typescript'].flatMap((t) => [`${t}@Berlin@linkedin`, `${t}@Remote@linkedin`]).sort(),
    );
    expect(rows.every((r) => r.user_id === userId && r.enqueued_at !== null)).toBe(true);
    expect(first.unsent).toEqual([]);
    const sent = (await queues.drain('crawl')) as Array<{ crawlId: number }>;
    expect(sent.map((m) => m.crawlId)).toEqual(expect.arrayContaining(rows.map((r) => r.id)));

    // Not due again before the interval (24 h by default) has passed.
    await enqueueDueCrawls(db, queues.sender, hoursFromNow(23));
    expect(await crawlsOf(profileId)).toHaveLength(6);
    await enqueueDueCrawls(db, queues.sender, hoursFromNow(24.1));
    expect(await crawlsOf(profileId)).toHaveLength(12);
  });

  it("honours the profile's crawl interval, runs on every board when no source is chosen, anywhere when no location is", async () => {
    const { profileId } = await profileWith({ keywords: ['rust'], crawlIntervalHours: 72 });
    await enqueueDueCrawls(db, queues.sender);
    const rows = await crawlsOf(profileId);
    expect(rows.map((r) => r.source).sort()).toEqual(['glassdoor', 'indeed', 'linkedin', 'monster', 'ziprecruiter']);
    expect(rows.every((r) => r.location === null)).toBe(true);
    await enqueueDueCrawls(db, queues.sender, hoursFromNow(48));
    expect(await crawlsOf(profileId)).toHaveLength(5);
    await enqueueDueCrawls(db, queues.sender, hoursFromNow(73));
    expect(await crawlsOf(profileId)).toHaveLength(10);
  });

  it('queues nothing for an inactive account or a profile without search terms', async () => {
    const inactive = await profileWith({ keywords: ['java'] }, { active: false });
    const empty = await profileWith({ locations: ['Paris'] });
    await enqueueDueCrawls(db, queues.sender);
    expect(await crawlsOf(inactive.profileId)).toEqual([]);
    expect(await crawlsOf(empty.profileId)).toEqual([]);
  });

  it('caps the crawls queued per profile per run; the rest come due on later runs', async () => {
    const keywords = Array.from({ length: 30 }, (_, i) => `skill-${i}`);
    const { profileId } = await profileWith({ keywords, sources: ['indeed'] });
    await enqueueDueCrawls(db, queues.sender);
    expect(await crawlsOf(profileId)).toHaveLength(MAX_DUE_SEARCHES_PER_PROFILE);
    await enqueueDueCrawls(db, queues.sender);
    const rows = await crawlsOf(profileId);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.search_query)).size).toBe(30);
  });

  it("queues the operator's scheduled searches once per their interval, with their target; disabled ones never", async () => {
    const ss = await db.one<{ id: number }>(
      `insert into scheduled_searches (search_query, source, target, interval_hours) values ('all jobs', 'custom', :target, 6) returning id`,
      { target: json({ kind: 'greenhouse', board: 'acme' }) },
    );
    await db.execute(`insert into scheduled_searches (search_query, location, source, enabled) values ('nurse', 'Ohio', 'indeed', false)`);
    const ofSearch = () =>
      db.query<{ id: number; target: unknown; user_id: number | null }>(`select id, target, user_id from crawler_jobs where scheduled_search_id = :id`, { id: ss.id });
    const result = await enqueueDueCrawls(db, queues.sender);
    expect(result.fromOperator).toBe(1);
    expect(await ofSearch()).toEqual([{ id: expect.any(Number), target: { kind: 'greenhouse', board: 'acme' }, user_id: null }]);
    expect((await enqueueDueCrawls(db, queues.sender, hoursFromNow(5))).fromOperator).toBe(0);
    expect((await enqueueDueCrawls(db, queues.sender, hoursFromNow(6.1))).fromOperator).toBe(1);
    expect(await db.query(`select 1 from crawler_jobs where search_query = 'nurse'`)).toEqual([]);
  });

  it('queues each due search once when two runs overlap', async () => {
    const { profileId } = await profileWith({ keywords: ['kotlin', 'swift'], sources: ['monster'] });
    await Promise.all([enqueueDueCrawls(db, queues.sender), enqueueDueCrawls(db, queues.sender)]);
    expect((await crawlsOf(profileId)).map((r) => r.search_query).sort()).toEqual(['kotlin', 'swift']);
  });

  it('keeps the crawls it could not send for the sweeper', async () => {
    const { profileId } = await profileWith({ keywords: ['elixir'], sources: ['glassdoor'] });
    const result = await enqueueDueCrawls(db, queues.brokenSender);
    const [row] = await crawlsOf(profileId);
    expect(row?.enqueued_at).toBeNull();
    expect(result.unsent.map((u) => u.id)).toContain(row!.id);
  });
});

describe('expire jobs', () => {
  it('marks jobs past their expiry date inactive, and only those', async () => {
    const { ids } = await upsertJobs(db, [jobInput({ expiresDate: hoursFromNow(1) }), jobInput({ expiresDate: null })]);
    await db.execute(`update jobs set expires_date = now() - interval '1 minute' where id = :id`, { id: ids[0] });
    expect(await expireJobs(db)).toBeGreaterThanOrEqual(1);
    const rows = await db.query<{ id: number; is_active: boolean }>(`select id, is_active from jobs where id = any(cast(:ids as bigint[])) order by id`, {
      ids: `{${ids.join(',')}}`,
    });
    expect(rows).toEqual([{ id: ids[0], is_active: false }, { id: ids[1], is_active: true }]);
    expect(await expireJobs(db)).toBe(0);
  });
});

describe('the schedule handlers', () => {
  const fire = async (name: string) => {
    const spec = schedules.find((s) => s.name === name)!;
    const { handler } = (await import(`../../../${spec.fn.entry}`)) as { handler: (e: unknown, c: unknown) => Promise<any> };
    return handler(scheduledEvent(spec), lambdaContext(spec.fn));
  };

  it('has a handler file for every schedule', async () => {
    for (const spec of schedules.filter((s) => s.name !== 'auto-apply')) {
      const module = (await import(`../../../${spec.fn.entry}`)) as { handler?: unknown };
      expect(typeof module.handler, spec.name).toBe('function');
    }
  });

  it('sweep-queues re-sends a crawl whose send failed, once, however many sweeps run at once', async () => {
    const { profileId } = await profileWith({ keywords: ['haskell'], sources: ['linkedin'] });
    await enqueueDueCrawls(db, queues.brokenSender);
    const [row] = await crawlsOf(profileId);
    await db.execute(`update crawler_jobs set created_at = now() - interval '2 minutes' where id = :id`, { id: row!.id });
    await queues.drain('crawl');
    const results = await Promise.all([fire('sweep-queues'), fire('sweep-queues')]);
    expect(results.flatMap((r) => r.crawls.resent)).toEqual([row!.id]);
    expect(await queues.drain('crawl')).toEqual([{ crawlId: row!.id }]);
  });

  it('enqueue-due-crawls queues and sends due searches', async () => {
    const { profileId } = await profileWith({ keywords: ['scala'], sources: ['indeed'] });
    const result = await fire('enqueue-due-crawls');
    expect(result.created).toBeGreaterThanOrEqual(1);
    expect((await crawlsOf(profileId))[0]?.enqueued_at).not.toBeNull();
  });

  it('refresh-stats refreshes the stats view and records when, twice at once', async () => {
    const [a, b] = await Promise.all([fire('refresh-stats'), fire('refresh-stats')]);
    expect(new Date(a.refreshedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(new Date(b.refreshedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const row = await db.one<{ refreshed_at: string }>(`select refreshed_at from materialized_view_refreshes where view_name = 'user_application_stats'`);
    expect(new Date(row.refreshed_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('maintain-partitions makes the coming months, twice at once without a conflict', async () => {
    const results = await Promise.all([fire('maintain-partitions'), fire('maintain-partitions')]);
    const partitions = await db.query<{ name: string }>(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'jobs'`,
    );
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 1, 1);
    const suffix = `${next.getUTCFullYear()}_${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(partitions.map((p) => p.name).some((n) => n.endsWith(suffix))).toBe(true);
    expect(results.every((r) => Array.isArray(r.created) && Array.isArray(r.detached))).toBe(true);
  });

  it('expire-jobs reports how many jobs it expired', async () => {
    const { ids } = await upsertJobs(db, [jobInput()]);
    await db.execute(`update jobs set expires_date = now() - interval '1 day' where id = :id`, { id: ids[0] });
    expect(await fire('expire-jobs')).toEqual({ expired: 1 });
    expect(await fire('expire-jobs')).toEqual({ expired: 0 });
  });

  it('refuses an event that is not a scheduled event', async () => {
    const spec = schedules.find((s) => s.name === 'expire-jobs')!;
    const { handler } = (await import(`../../../${spec.fn.entry}`)) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    await expect(handler({ hello: 'world' }, lambdaContext(spec.fn))).rejects.toThrow(/scheduled event/);
  });
});
