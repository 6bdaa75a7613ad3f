/**
 * The schedules' reads stay within the Data API's 1 MiB a response however much there is to do:
 * the due searches of many profiles and of the operator (each statement answers the ids of the
 * crawls it queued: 37,500 ids are over 1 MiB), and auto-apply's walk over the profiles that turned
 * it on (each answers the profiles' settings, which another writer may have made as large as
 * sql/016 lets in).
 *
 * The due searches are queued by queueDueCrawls, the part of the schedule that reads; sending
 * 37,500 messages to the local queue would take a minute and reads nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createAutoApplications } from '../../../shared/applications/auto-apply';
import { MAX_DUE_SEARCHES_PER_PROFILE, queueDueCrawls } from '../../../shared/crawls/due-searches';
import type { Db } from '../../../shared/data/types';
import { json } from '../../../shared/data/values';
import { freshDatabase } from '../../support/db';
import { createUser } from '../schema/helpers';

let db: Db;
beforeEach(async () => {
  db = (await freshDatabase()).db;
  // Ids of 16 digits, as long as a crawl's message carries exactly (2^53): the most bytes each takes in an answer.
  await db.execute(`select setval(pg_get_serial_sequence('crawler_jobs', 'id'), 9000000000000000)`);
});

/** `n` profiles of one new user with these preferences. */
async function profiles(n: number, preferences: Record<string, unknown>): Promise<number> {
  const userId = await createUser(db);
  await db.execute(`insert into user_profiles (user_id, job_preferences) select :user_id, :prefs from generate_series(1, :n)`, { user_id: userId, prefs: json(preferences), n });
  // As autovacuum would after so many rows: with the statistics of an empty table, each crawl's
  // foreign key check reads every profile.
  await db.execute(`analyze user_profiles`);
  return userId;
}

describe('schedules with much to do', () => {
  it("queues the due searches of 1,500 profiles, 25 each, and answers every crawl's id", async () => {
    // Five keywords on five boards: 25 searches a profile, the most one run queues for it.
    await profiles(1500, { keywords: ['a1', 'b2', 'c3', 'd4', 'e5'], sources: ['linkedin', 'indeed', 'glassdoor', 'ziprecruiter', 'monster'] });
    const now = new Date();

    const queued = await queueDueCrawls(db, now);
    expect(queued.fromProfiles).toHaveLength(1500 * MAX_DUE_SEARCHES_PER_PROFILE);
    expect(queued.fromOperator).toEqual([]);
    const stored = await db.one<{ n: number; profiles: number; most: number; answered: number }>(
      `select count(*) as n, count(distinct profile_id) as profiles, max(per) as most,
              (select count(*) from crawler_jobs join unnest(cast(:ids as bigint[])) as answered (id) using (id)) as answered
         from (select profile_id, count(*) over (partition by profile_id) as per from crawler_jobs) c`,
      { ids: `{${queued.fromProfiles.join(',')}}` },
    );
    expect(stored).toEqual({ n: 37_500, profiles: 1500, most: MAX_DUE_SEARCHES_PER_PROFILE, answered: 37_500 });
    expect(await queueDueCrawls(db, now)).toEqual({ fromProfiles: [], fromOperator: [] });
  });

  it("queues 37,500 due operator searches and answers every crawl's id", async () => {
    await db.execute(`insert into scheduled_searches (search_query, source) select 'query ' || n, 'linkedin' from generate_series(1, 37500) n`);
    const now = new Date();

    const queued = await queueDueCrawls(db, now);
    expect(queued.fromOperator).toHaveLength(37_500);
    expect(new Set(queued.fromOperator).size).toBe(37_500);
    const stored = await db.one<{ n: number; searches: number }>(`select count(*) as n, count(distinct scheduled_search_id) as searches from crawler_jobs`);
    expect(stored).toEqual({ n: 37_500, searches: 37_500 });
    expect(await queueDueCrawls(db, now)).toEqual({ fromProfiles: [], fromOperator: [] });
  });

  it('auto-apply walks profiles whose stored settings are as large as another writer may make them', async () => {
    // Not what the API writes (it keeps three settings), but within sql/016's 8,000 bytes of preferences:
    // quotes, each escaped in the jsonb and twice more in an answer.
    const settings = { enabled: true, dryRun: true, dailyLimit: 5, note: '"'.repeat(3900) };
    await profiles(60, { autoApply: settings });
    expect((await db.one<{ bytes: number }>(`select max(octet_length(job_preferences::text)) as bytes from user_profiles`)).bytes).toBeGreaterThan(7800);

    const result = await createAutoApplications(db);
    expect(result).toEqual({ created: 0, applicationIds: [], outcomes: { invalid_settings: 60 } });
  });
});
